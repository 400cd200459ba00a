import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { describeRolloutWorkflow } from './testing/rollout-workflow-suite';

// Rollouts on the embedded adapters: a local parameter file and the memory graph store in a temp folder, shared by "instances" as by processes.
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describeRolloutWorkflow('local parameters, memory graph store', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-rollout-'));
  dirs.push(dir);
  return { store: LocalParameterFile.inDataDir(dir).store('dev'), openGraphStore: () => new MemoryGraphStore({ dataDir: dir }) };
});
