import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FolderConfigRepo } from '@/lib/gitconfig/read-config-repo';
import { parseOnce, type ParseMemo } from '@/lib/json/parse-once';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import { settingsFileSchema } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import type { ParameterStore } from '@/lib/params/parameter-store';
import type { Yielder } from './cooperative';
import { loadGraph } from './load-graph';

// The real strict parser, watched: every call anywhere in the sync (the repo reader, the build, drift) is counted.
vi.mock('@/lib/json/parse-strict-json', async (load) => {
  const actual = await load<typeof import('@/lib/json/parse-strict-json')>();
  return { ...actual, parseStrictJson: vi.fn(actual.parseStrictJson) };
});
const watched = vi.mocked(parseStrictJson);

function parsesPerText(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [text] of watched.mock.calls) counts.set(text, (counts.get(text) ?? 0) + 1);
  return counts;
}

// A small estate that reaches every step that reads a document: the build, a schema check, drift with a
// config history (pending), a runtime history (a mismatch is assessed twice), a config that is not JSON,
// and the Git comparison, with a file only in Git.
let dir: string;
let store: ParameterStore;
let minute = 0;
const REPO_FILES = {
  'iac/dev/vpc/main/config.json': '{\n  "cidr": "10.0.0.0/16"\n}\n',
  'iac/dev/sqs-queue/jobs/config.json': '{\n  "fifo": true\n}\n',
  'iac/dev/s3-bucket/new/config.json': '{\n  "versioning": true\n}\n',
  'schemas/vpc.schema.json': '{"type":"object","required":["cidr"]}',
};

async function put(name: string, value: string) {
  const current = await store.get(name);
  await store.put({ name, value, expectedVersion: current?.version ?? null, user: 'arn:aws:sts::1:assumed-role/AWSReservedSSO_Dev_x/alice@example.com' });
}

async function writeRepoFile(file: string, text: string) {
  await mkdir(path.dirname(path.join(dir, 'repo', file)), { recursive: true });
  await writeFile(path.join(dir, 'repo', file), text);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'karma-load-graph-'));
  minute = 0;
  store = LocalParameterFile.inDataDir(dir, () => new Date(Date.UTC(2026, 5, 1, 0, minute++))).store('dev', '/iac');
  await put('/iac/vpc/main/config', '{"cidr":"10.0.0.0/16"}');
  await put('/iac/vpc/main/runtime', '{"vpc_cidr":"10.0.0.0/16"}');
  await put('/iac/sqs-queue/jobs/config', '{"fifo":false}');
  await put('/iac/sqs-queue/jobs/runtime', '{"queue_name":"jobs"}');
  await put('/iac/sqs-queue/jobs/config', '{"fifo":true}');
  await put('/iac/sqs-queue/slow/config', '{"visibility_timeout_seconds":60}');
  await put('/iac/sqs-queue/slow/runtime', '{"visibility_timeout_seconds":30}');
  await put('/iac/lambda/broken/config', '{"handler": ');
  for (const [file, text] of Object.entries(REPO_FILES)) await writeRepoFile(file, text);
  watched.mockClear();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sources(): ParameterSources {
  return { kind: 'local', stores: [store], forEnv: (env) => (env === 'dev' ? store : undefined), localFile: null };
}

function sync(parse?: ParseMemo, yielder?: Yielder) {
  return loadGraph({
    sources: sources(),
    file: settingsFileSchema.parse({}),
    configRepo: new FolderConfigRepo(path.join(dir, 'repo')),
    now: new Date('2026-12-01T00:00:00Z'),
    parse,
    yielder,
  });
}

describe('a sync parses each document once', () => {
  it('parses every config, runtime, history version and repo file exactly once', async () => {
    const { graph } = await sync();
    const counts = parsesPerText();

    const published = (await store.readAll()).map((p) => p.value);
    const olderConfig = '{"fifo":false}';
    expect([...counts.keys()].sort()).toEqual([...published, olderConfig, ...Object.values(REPO_FILES)].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // The sync did reach every step that parses: the states below need the build, a history, the schema and Git.
    expect(Object.fromEntries(graph.components.map((c) => [c.id, c.drift?.status]))).toEqual({
      'dev:lambda/broken': 'invalid',
      'dev:s3-bucket/new': 'unpublished',
      'dev:sqs-queue/jobs': 'pending',
      'dev:sqs-queue/slow': 'mismatch',
      'dev:vpc/main': 'in_sync',
    });
  });

  it('gives the same graph as steps that each parse for themselves, which read the same documents several times', async () => {
    // A "memo" that keeps nothing: every step parses again, as each did before the sync shared one.
    const each = await sync(Object.assign((text: string) => parseStrictJson(text), { remember: () => {} }));
    const eagerCounts = parsesPerText();
    watched.mockClear();
    const once = await sync();
    expect(once.graph).toEqual(each.graph);
    expect(Math.max(...eagerCounts.values())).toBeGreaterThanOrEqual(4);
    expect(Math.max(...parsesPerText().values())).toBe(1);
  });
});

describe('a sync hands the event loop back', () => {
  it('offers a pause after every component of the build, the schema check and drift, and gives the same graph', async () => {
    let pauses = 0;
    const always: Yielder = {
      isDue: () => true,
      pause: () => {
        pauses++;
        return Promise.resolve();
      },
    };
    const sliced = await sync(parseOnce(), always);
    const straight = await sync(parseOnce(), { isDue: () => false, pause: () => Promise.resolve() });
    expect(sliced.graph).toEqual(straight.graph);
    // Parsing, Git, problems, schema check and drift each visit all five components.
    expect(pauses).toBeGreaterThanOrEqual(5 * sliced.graph.components.length);
  });
});
