// OpenNext's AWS adapter, as `npm run build:lambda` uses it (scripts/build-lambda.mjs):
// one server function behind API Gateway's HTTP API (payload format 2.0), answering
// each invocation whole (no response streaming, which HTTP APIs do not carry) and
// compressed as the browser accepts (br, gzip): a function's answer is at most 6 MB,
// and a large estate's graph is larger than that before compression.
// Karma renders every page per request and caches nothing across requests (no ISR,
// no `revalidate`, no fetch cache), so the caches OpenNext would keep in S3 and
// DynamoDB and the revalidation queue in SQS are its do-nothing ones: the function
// needs no AWS resource beyond those Karma itself reads (SSM, Neptune).
import type { OpenNextConfig } from '@opennextjs/aws/types/open-next.js';

const config = {
  default: {
    override: {
      wrapper: 'aws-lambda-compressed',
      converter: 'aws-apigw-v2',
      incrementalCache: 'dummy',
      tagCache: 'dummy',
      queue: 'dummy',
    },
  },
  // Karma serves no next/image (its only <img> elements are inline SVG data URIs); the build makes no image function.
  imageOptimization: { loader: 'dummy' },
  dangerous: { disableIncrementalCache: true, disableTagCache: true },
} satisfies OpenNextConfig;

export default config;
