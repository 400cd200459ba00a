/**
 * The portal role's policy (deploy/terraform/iam-policy.json, a JSON
 * document) against the least-privilege list: SSM reads on the configured
 * prefixes only, writes to `…/config` parameters only (runtimes denied),
 * `neptune-db:*` on the one cluster, the ENI actions Lambda needs in a VPC
 * (the only `*`), and its own log group. A resource `"<name>"` in the
 * document stands for the module's list of ARNs of that name; the module's
 * locals are checked to put exactly those lists there, built in the shape
 * the list allows.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { leastPrivilegeProblems, type AllowedStatement } from './testing/least-privilege';
import { readModule, type TerraformModule } from './testing/read-module';

const MODULE_DIR = import.meta.dirname;
const ROOT = path.resolve(MODULE_DIR, '../..');

const marker = (name: string) => `<${name}>`;

const ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/** The least-privilege list. DeleteParameter is there because a change request may remove a component (lib/workflow/apply-change.ts). */
const ALLOWED: AllowedStatement[] = [
  { sid: 'ListConfiguredPrefixes', effect: 'Allow', actions: ['ssm:GetParametersByPath'], resources: [marker('parameter_path_arns')] },
  { sid: 'ReadParametersAndHistory', effect: 'Allow', actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParameterHistory'], resources: [marker('parameter_arns')] },
  { sid: 'ApplyConfigs', effect: 'Allow', actions: ['ssm:PutParameter', 'ssm:DeleteParameter'], resources: [marker('config_parameter_arns')] },
  { sid: 'NeverWriteRuntimes', effect: 'Deny', actions: ['ssm:PutParameter', 'ssm:DeleteParameter'], resources: [marker('runtime_parameter_arns')] },
  { sid: 'GraphStore', effect: 'Allow', actions: ['neptune-db:*'], resources: [marker('neptune_cluster_arns')] },
  { sid: 'VpcNetworkInterfaces', effect: 'Allow', actions: ENI_ACTIONS, resources: ['*'] },
  { sid: 'OwnLogGroup', effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [marker('log_group_arns')] },
];

/**
 * Each placeholder's local, as the HCL parser gives it: the ARNs under each
 * configured prefix (local.ssm_arn_base, one per environment), the cluster's
 * and the log group's.
 */
const ARN_LOCALS: Record<string, unknown> = {
  parameter_path_arns: '${distinct(local.ssm_arn_base)}',
  parameter_arns: '${distinct([for base in local.ssm_arn_base : "${base}/*"])}',
  config_parameter_arns: '${distinct([for base in local.ssm_arn_base : "${base}/*/config"])}',
  runtime_parameter_arns: '${distinct(flatten([for base in local.ssm_arn_base : ["${base}/*/runtime", "${base}/*/runtime/*"]]))}',
  neptune_cluster_arns: ['arn:${local.partition}:neptune-db:${local.region}:${local.account}:${local.neptune_cluster.cluster_resource_id}/*'],
  log_group_arns: ['arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${aws_cloudwatch_log_group.portal.name}:*'],
};

let text: string;
let tf: TerraformModule;

/** The document as IAM will read it, but for each "<name>" resource (a list of ARNs the module puts there). */
const render = (): unknown => JSON.parse(text);
/** The "<name>" resources of the document. */
const markersOf = (document: unknown): string[] =>
  [...new Set((document as { Statement: Array<{ Resource: string | string[] }> }).Statement.flatMap((s) => [s.Resource].flat()).filter((r) => /^<[a-z_]+>$/.test(r)))].sort();

beforeAll(async () => {
  text = await readFile(path.join(MODULE_DIR, 'iam-policy.json'), 'utf8');
  tf = await readModule(MODULE_DIR);
});

describe('the policy document', () => {
  it('is a JSON file with no Terraform in it: no interpolation, no directive', () => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(text).not.toMatch(/\$\{|%\{/);
  });

  it('is exactly the least-privilege list', () => {
    expect(leastPrivilegeProblems(render(), ALLOWED)).toEqual([]);
  });

  it('puts * only where AWS requires it (the ENI actions), and a wildcard action only for neptune-db', () => {
    const statements = (render() as { Statement: Array<{ Sid: string; Action: string[]; Resource: unknown }> }).Statement;
    expect(statements.filter((s) => JSON.stringify(s.Resource).includes('"*"')).map((s) => s.Sid)).toEqual(['VpcNetworkInterfaces']);
    expect(statements.flatMap((s) => s.Action).filter((a) => a.includes('*'))).toEqual(['neptune-db:*']);
  });

  it('grants every SSM call Karma’s adapter makes, and no other', async () => {
    const adapter = await readFile(path.join(ROOT, 'lib/params/ssm-parameter-store.ts'), 'utf8');
    const sent = [...new Set([...adapter.matchAll(/new (\w+)Command\(/g)].map((m) => `ssm:${m[1]}`))].sort();
    const granted = [...new Set(ALLOWED.filter((a) => a.effect === 'Allow').flatMap((a) => a.actions.filter((x) => x.startsWith('ssm:'))))].sort();
    expect(sent).toEqual(granted);
  });
});

describe('the least-privilege check can fail', () => {
  const policy = () => structuredClone(render()) as { Statement: Array<Record<string, unknown>> };

  it.each([
    [
      'an extra action',
      (p: ReturnType<typeof policy>) => (p.Statement[2].Action as string[]).push('ssm:LabelParameterVersion'),
      /ApplyConfigs: action ssm:LabelParameterVersion is not on the list/,
    ],
    [
      'a broader resource',
      (p: ReturnType<typeof policy>) => (p.Statement[2].Resource = ['arn:aws:ssm:us-east-1:1:parameter/iac/*']),
      /ApplyConfigs: resource .* is not on the list/,
    ],
    ['* on SSM reads', (p: ReturnType<typeof policy>) => (p.Statement[1].Resource = '*'), /ReadParametersAndHistory: resource \* is not on the list/],
    [
      'a statement of its own',
      (p: ReturnType<typeof policy>) => p.Statement.push({ Sid: 'Extra', Effect: 'Allow', Action: 's3:*', Resource: '*' }),
      /statement Extra is not on the list/,
    ],
    ['NotAction', (p: ReturnType<typeof policy>) => (p.Statement[4].NotAction = ['iam:*']), /GraphStore: NotAction/],
    ['the runtime deny gone', (p: ReturnType<typeof policy>) => p.Statement.splice(3, 1), /statement NeverWriteRuntimes is missing/],
  ])('with %s', (_, change, problem) => {
    const changed = policy();
    change(changed);
    expect(leastPrivilegeProblems(changed, ALLOWED).join('\n')).toMatch(problem);
  });
});

describe('the module renders it with the configured prefixes and the cluster', () => {
  it('uses the document, its markers filled in, as the role’s only policy', () => {
    expect(tf.resources['aws_iam_role_policy.portal']).toMatchObject({ role: '${aws_iam_role.portal.id}', policy: '${local.role_policy}' });
    const attached = Object.keys(tf.resources).filter((key) => /^aws_iam_(role_policy|role_policy_attachment|policy_attachment|policy)\./.test(key));
    expect(attached).toEqual(['aws_iam_role_policy.portal']);
    expect(tf.resources['aws_iam_role.portal']).not.toHaveProperty('managed_policy_arns');
    expect(tf.locals.policy_document).toBe('${jsondecode(file("${path.module}/iam-policy.json"))}');
    // Each statement's resources: a marker becomes its list, anything else stays as written.
    expect(String(tf.locals.role_policy)).toContain('lookup(local.policy_arns, resource, [resource])');
    expect(String(tf.locals.role_policy)).toContain('for statement in local.policy_document.Statement');
  });

  it('fills in exactly the document’s markers, each with the local of its name', () => {
    const markers = markersOf(render());
    const filled = tf.locals.policy_arns as Record<string, string>;
    expect(Object.keys(filled).sort()).toEqual(markers);
    for (const [key, value] of Object.entries(filled)) expect(value, key).toBe(`\${local.${key.slice(1, -1)}}`);
    expect(Object.keys(ARN_LOCALS).map(marker).sort()).toEqual(markers);
  });

  it('builds each placeholder’s ARNs in the shape the list allows', () => {
    for (const [name, expected] of Object.entries(ARN_LOCALS)) expect(tf.locals[name], name).toEqual(expected);
  });

  it('reads the prefixes from the settings’ environments, in the function’s account', () => {
    expect(String(tf.locals.environments)).toMatch(/for e in var\.settings\.environments/);
    expect(String(tf.locals.environments)).toMatch(/prefix = try\(e\.prefix, "\/iac"\)/);
    expect(String(tf.locals.ssm_arn_base)).toBe('${[for e in local.environments : "arn:${local.partition}:ssm:${e.region}:${local.account}:parameter${e.prefix}"]}');
  });
});
