import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { createHarness, seedEstate } from './testing/review-harness';
import { refusingWrites } from './testing/refusing-writes';
import { describeReviewWorkflow } from './testing/review-workflow-suite';

// The review workflow on the embedded adapters: a local parameter file and the memory graph store in a temp folder.
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describeReviewWorkflow('local parameters, memory graph store', async ({ autoApply = false, now, owners = [] }) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-review-'));
  dirs.push(dir);
  const params = LocalParameterFile.inDataDir(dir, now);
  const [dev, prod] = [params.store('dev'), params.store('prod')];
  await seedEstate(dev);
  await seedEstate(prod);
  const { stores, refuseWrites } = refusingWrites([dev, prod]);
  const harness = await createHarness({
    stores,
    graphStore: new MemoryGraphStore({ dataDir: dir, now }),
    file: { approvals: { default: 1, perEnv: { prod: 2 } }, autoApply, owners },
    now,
  });
  return { ...harness, dev: 'dev', prod: 'prod', recordsUser: true, refuseWrites };
});
