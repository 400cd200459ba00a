// Values the integration project's global setup hands to tests:
// `inject('ssmEndpoint')`, `inject('gremlinEndpoint')`, `inject('gitDaemonUrl')`
// and `inject('gitDaemonBase')` are typed by this.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** moto's URL (http://127.0.0.1:<port>), for the SSM client's `endpoint`. */
    ssmEndpoint: string;
    /** Gremlin Server's URL (ws://127.0.0.1:<port>/gremlin). */
    gremlinEndpoint: string;
    /** The git daemon's URL (git://127.0.0.1:<port>); `<gitDaemonBase>/<name>.git` is `${gitDaemonUrl}/<name>.git`. */
    gitDaemonUrl: string;
    /** The folder the git daemon serves (read and push): create bare repositories in it. */
    gitDaemonBase: string;
  }
}
