/**
 * Karma's Terraform module (deploy/terraform), read with HashiCorp's HCL
 * parser: its syntax, and the shape Adage relies on. Its variables are the
 * keys of the karma config (the demo's `prod:karma/portal`) plus what the
 * pipeline gives; what the config refers to by nickname is read from those
 * components' /runtime parameters; its outputs are written to
 * `<iac_prefix>/karma/<nickname>/runtime`; the function gets the environment
 * Karma's settings expect. The role's policy has its own test
 * (iam-policy.test.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build-graph';
import { settingsFileSchema } from '@/lib/model/settings';
import { readParameterFixtures } from '@/lib/params/seed-local';
import type { JsonObject } from '@/lib/model/json';
import { checkConfigSchema } from '@/lib/schemas/schema-violations';
import { HANDLER } from '../../scripts/lib/lambda-build.mjs';
import { readModule, type Block, type TerraformModule } from './testing/read-module';

const MODULE_DIR = import.meta.dirname;
const ROOT = path.resolve(MODULE_DIR, '../..');
const DEMO = path.join(ROOT, 'fixtures/demo');
/** Given by the applying pipeline, not the config: the nickname from the config's path, the build's two folders. */
const PIPELINE_VARIABLES = ['assets_dir', 'nickname', 'server_function_dir'];

type FixtureParameter = { name: string; history: Array<{ value: unknown }> };

let tf: TerraformModule;
let gitConfig: JsonObject;
let published: Map<string, unknown>;
let schema: JsonObject;

const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;

beforeAll(async () => {
  tf = await readModule(MODULE_DIR);
  gitConfig = await readJson(path.join(DEMO, 'config-repo/iac/prod/karma/portal/config.json'));
  schema = await readJson(path.join(DEMO, 'config-repo/schemas/karma.schema.json'));
  const prod = await readJson<{ parameters: FixtureParameter[] }>(path.join(DEMO, 'parameters/prod.json'));
  published = new Map(prod.parameters.map((p) => [p.name, p.history.at(-1)!.value]));
});

const configVariables = () => Object.keys(tf.variables).filter((name) => !PIPELINE_VARIABLES.includes(name));

describe('the parser is a real HCL parser', () => {
  it('refuses an attribute without a value, naming the file and line', async () => {
    await expect(parse('broken.tf', 'resource "aws_s3_bucket" "b" {\n  bucket =\n}\n')).rejects.toThrow(/broken\.tf:2.*Invalid expression/);
  });

  it('refuses an unclosed block and an unclosed list', async () => {
    await expect(parse('open.tf', 'variable "x" {\n  type = string\n')).rejects.toThrow(/open\.tf/);
    await expect(parse('list.tf', 'locals {\n  subnets = ["a", "b"\n}\n')).rejects.toThrow(/list\.tf/);
  });

  it('reads every file of the module, each name declared once', () => {
    expect(tf.files).toEqual(['function.tf', 'outputs.tf', 'references.tf', 'runtime.tf', 'schedule.tf', 'site.tf', 'variables.tf', 'versions.tf']);
    expect(Object.keys(tf.resources)).toContain('aws_lambda_function.portal');
  });
});

describe('inputs: the keys of the karma config', () => {
  it('has one variable per key of the demo config, and the pipeline’s three besides', () => {
    expect(configVariables().sort()).toEqual(Object.keys(gitConfig).sort());
    for (const name of PIPELINE_VARIABLES) expect(tf.variables[name], name).toBeDefined();
  });

  it('is the config published to SSM (the Git file is the latest version, as written)', () => {
    expect(published.get('/iac/karma/portal/config')).toEqual(gitConfig);
  });

  it('has the karma schema describe exactly the config variables, and requires those without a default', () => {
    const properties = Object.keys(schema.properties as JsonObject).sort();
    expect(properties).toEqual(configVariables().sort());
    const withoutDefault = configVariables().filter((name) => !('default' in tf.variables[name]));
    expect([...(schema.required as string[])].sort()).toEqual(withoutDefault.sort());
    for (const name of PIPELINE_VARIABLES) expect(tf.variables[name], `${name} comes from the pipeline`).not.toHaveProperty('default');
  });

  it('has the demo config pass its schema, and a key the module does not take fail it', () => {
    expect(checkConfigSchema(gitConfig, schema)).toMatchObject({ status: 'valid', schemaProblems: [] });
    const stray = checkConfigSchema({ ...gitConfig, vpc_id: 'vpc-0abc' }, schema);
    expect(stray.status).toBe('invalid');
    expect(stray.violations.map((v) => v.text).join()).toMatch(/vpc_id/);
  });

  it('installs settings Karma accepts', () => {
    const result = settingsFileSchema.safeParse(gitConfig.settings);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('reads each component it refers to by nickname from that component’s /runtime, and the demo has each one deployed', () => {
    const nicknames = configVariables().filter((name) => name.endsWith('_nickname'));
    expect(nicknames.sort()).toEqual(['acm_certificate_nickname', 'cognito_sso_nickname', 'neptune_cluster_nickname', 'vpc_nickname']);
    const lookups = Object.entries(tf.data)
      .filter(([key]) => key.startsWith('aws_ssm_parameter.'))
      .map(([, block]) => block.name);
    for (const variable of nicknames) {
      const type = variable.replace(/_nickname$/, '').replaceAll('_', '-');
      expect(lookups, variable).toContain(`\${var.iac_prefix}/${type}/\${var.${variable}}/runtime`);
      expect(published.has(`/iac/${type}/${gitConfig[variable] as string}/runtime`), `${type}/${String(gitConfig[variable])}`).toBe(true);
    }
  });

  it('takes no raw ids of other components: the vpc, cluster, pool and certificate ids come from their runtimes', () => {
    const raw = Object.keys(tf.variables).filter((name) => /(_ids?|_arns?|_endpoint)$/.test(name) && name !== 'nextauth_secret_id');
    expect(raw).toEqual([]);
    const fn = tf.resources['aws_lambda_function.portal'];
    expect(fn.vpc_config).toEqual([{ subnet_ids: '${local.vpc.private_subnet_ids}', security_group_ids: ['${aws_security_group.portal.id}'] }]);
  });
});

describe('outputs: written to the component’s /runtime', () => {
  it('has url and function_name among its outputs, each the runtime document’s field of that name', () => {
    expect(Object.keys(tf.outputs)).toEqual(expect.arrayContaining(['url', 'function_name']));
    for (const [name, block] of Object.entries(tf.outputs)) expect(block.value, name).toBe(`\${local.runtime.${name}}`);
    expect(Object.keys(tf.locals.runtime as Block).sort()).toEqual(Object.keys(tf.outputs).sort());
  });

  it('writes that document to <iac_prefix>/karma/<nickname>/runtime as one JSON String parameter', () => {
    expect(tf.resources['aws_ssm_parameter.runtime']).toMatchObject({
      name: '${var.iac_prefix}/karma/${var.nickname}/runtime',
      type: 'String',
      value: '${jsonencode(local.runtime)}',
    });
    expect(tf.locals.runtime).toMatchObject({ url: '${local.url}', function_name: '${aws_lambda_function.portal.function_name}' });
    expect(tf.locals.url).toBe('https://${var.domain_name}');
  });

  it('matches the demo’s runtime of prod:karma/portal, in sync with its config', () => {
    const runtime = published.get('/iac/karma/portal/runtime') as JsonObject;
    expect(Object.keys(runtime).sort()).toEqual(Object.keys(tf.outputs).sort());
    expect(runtime).toMatchObject({ url: `https://${gitConfig.domain_name as string}`, function_name: gitConfig.function_name });
  });
});

describe('the function', () => {
  it('runs the OpenNext server function on Node.js 20 with the settings layer', () => {
    expect(tf.resources['aws_lambda_function.portal']).toMatchObject({
      // What `npm run build:lambda` names its entry point.
      handler: HANDLER,
      runtime: 'nodejs20.x',
      filename: '${data.archive_file.server.output_path}',
      source_code_hash: '${data.archive_file.server.output_base64sha256}',
      layers: ['${aws_lambda_layer_version.settings.arn}'],
    });
    expect(tf.data['archive_file.server'].source_dir).toBe('${var.server_function_dir}');
    expect(tf.data['archive_file.settings'].source).toEqual([{ filename: 'karma/settings.json', content: '${jsonencode(var.settings)}' }]);
  });

  it('sets only variables Karma reads, and those a real deployment needs', async () => {
    const settingsSource = await readFile(path.join(ROOT, 'lib/server/settings.ts'), 'utf8');
    const known = new Set([...settingsSource.matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]));
    const environment = tf.locals.function_environment as Record<string, string>;
    const names = Object.keys(environment);
    expect(names.filter((name) => !known.has(name) && name !== 'NODE_OPTIONS')).toEqual([]);
    expect(environment).toMatchObject({
      KARMA_PARAMETERS: 'ssm',
      KARMA_GRAPH_STORE: 'gremlin',
      KARMA_SETTINGS: '/opt/karma/settings.json',
      KARMA_DATA_DIR: '/tmp/karma',
      NEPTUNE_ENDPOINT: 'wss://${local.neptune_cluster.endpoint}:${local.neptune_cluster.port}/gremlin',
      NEPTUNE_IAM: '1',
      NEXTAUTH_URL: '${local.url}',
      OIDC_ISSUER: '${local.cognito_sso.issuer_url}',
      OIDC_CLIENT_ID: '${data.aws_cognito_user_pool_client.portal.client_id}',
      // A function has no background loop; the schedule syncs (schedule.tf).
      KARMA_SYNC_INTERVAL_SECONDS: '0',
      KARMA_SYNC_ON_START: '0',
    });
    // Secrets come from Secrets Manager and Cognito at apply time, never from the config.
    expect(environment.NEXTAUTH_SECRET).toBe('${data.aws_secretsmanager_secret_version.nextauth.secret_string}');
    expect(environment.OIDC_CLIENT_SECRET).toBe('${data.aws_cognito_user_pool_client.portal.client_secret}');
    expect(tf.resources['aws_lambda_function.portal'].environment).toEqual([{ variables: '${local.function_environment}' }]);
  });

  it('is let in to the Neptune cluster on its port from its own security group only', () => {
    expect(tf.resources['aws_vpc_security_group_ingress_rule.neptune_from_portal']).toMatchObject({
      security_group_id: '${local.neptune_cluster.security_group_id}',
      referenced_security_group_id: '${aws_security_group.portal.id}',
      from_port: '${local.neptune_cluster.port}',
      to_port: '${local.neptune_cluster.port}',
    });
  });

  it('is invoked by the HTTP API and by the sync schedule, and by nothing else', () => {
    const permissions = Object.entries(tf.resources).filter(([key]) => key.startsWith('aws_lambda_permission.'));
    expect(permissions.map(([, p]) => p.principal).sort()).toEqual(['apigateway.amazonaws.com', 'events.amazonaws.com']);
    expect(tf.resources['aws_cloudwatch_event_target.sync'].input).toBe('${jsonencode(local.sync_event)}');
    // The event Karma's entry point runs a sync for.
    expect(tf.locals.sync_event).toEqual({ karma: 'sync' });
    expect(tf.resources['aws_apigatewayv2_integration.portal']).toMatchObject({ integration_type: 'AWS_PROXY', payload_format_version: '2.0' });
  });
});

describe('Karma in its own estate', () => {
  it('shows prod:karma/portal in the demo graph, with an edge to each component it stands on and none dangling', async () => {
    const settings = settingsFileSchema.parse(await readJson(path.join(DEMO, 'settings.json')));
    const data = await readParameterFixtures(DEMO);
    const environments = Object.entries(data.environments).map(([env, { prefix, parameters }]) => ({
      env,
      prefix,
      parameters: Object.entries(parameters).map(([name, versions]) => ({ name, ...versions[versions.length - 1] })),
    }));
    const graph = buildGraph({ environments, referenceRules: settings.referenceRules, runtimeOwners: settings.runtimeOwners });
    const portal = graph.components.find((c) => c.id === 'prod:karma/portal');
    expect(portal).toMatchObject({ problems: [], runtime: { function_name: 'karma-portal' } });
    const edges = graph.edges.filter((e) => e.from === 'prod:karma/portal').map((e) => [e.path, e.to, e.dangling]);
    expect(edges.sort()).toEqual([
      ['acm_certificate_nickname', 'prod:acm-certificate/wildcard', false],
      ['cognito_sso_nickname', 'prod:cognito-sso/staff', false],
      ['neptune_cluster_nickname', 'prod:neptune-cluster/karma', false],
      ['route53_zone_name', 'prod:route53-zone/public', false],
      ['vpc_nickname', 'prod:vpc/main', false],
    ]);
  });
});
