// Values the integration project's global setup hands to tests:
// `inject('ssmEndpoint')` and `inject('gremlinEndpoint')` are typed by this.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** moto's URL (http://127.0.0.1:<port>), for the SSM client's `endpoint`. */
    ssmEndpoint: string;
    /** Gremlin Server's URL (ws://127.0.0.1:<port>/gremlin). */
    gremlinEndpoint: string;
  }
}
