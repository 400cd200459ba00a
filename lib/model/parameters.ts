/** Parameters as read from SSM Parameter Store (or the local stand-in). */

export type Parameter = {
  name: string;
  value: string;
  version: number;
  /** ISO 8601 */
  modifiedAt: string;
  /** Only known from history reads (GetParametersByPath does not return it). */
  modifiedBy?: string;
};

export type ParameterVersion = {
  version: number;
  value: string;
  modifiedAt: string;
  modifiedBy: string;
  /** What the writer said about the version (SSM's Description): Karma's writes name their change request. */
  description?: string;
};

/** The standard tier stores values up to 4 KB, the advanced tier up to 8 KB. */
export const SSM_STANDARD_LIMIT_BYTES = 4096;
export const SSM_ADVANCED_LIMIT_BYTES = 8192;

/** The parameters of one environment, as the graph builder consumes them. */
export type EnvironmentParameters = {
  env: string;
  prefix: string;
  parameters: Parameter[];
};

export type ComponentDocument = 'config' | 'runtime';

/** `<prefix>/<type>/<nickname>/<config|runtime>`: the one place the SSM naming convention is spelled out (a prefix of `/` adds nothing). */
export function componentParameterName(prefix: string, { type, nickname }: { type: string; nickname: string }, document: ComponentDocument): string {
  return `${prefix === '/' ? '' : prefix}/${type}/${nickname}/${document}`;
}
