// The graph service wired like the portal in real mode (embedded parameters,
// gremlin graph store) against a Gremlin Server this file starts and stops:
// the sync, reads from the store, and what readers get while the store is down.
import { describe, expect, it } from 'vitest';
import { openConfigRepo } from '@/lib/gitconfig/create-config-repo';
import { GraphService } from '@/lib/server/graph-service';
import { demoOnGremlin } from '../support/demo-on-gremlin';

const demo = demoOnGremlin('graph-service');

async function service(): Promise<GraphService> {
  const settings = demo.settings();
  return new GraphService({ sources: demo.sources(), store: demo.store({ timeoutMs: 2_000 }), file: settings.file, configRepo: await openConfigRepo(settings.configRepo) });
}

describe('the graph service over the gremlin store', () => {
  it('syncs the demo estate, then a second sync writes nothing', async () => {
    const graph = await service();
    const first = await graph.sync('start');
    expect(first).toMatchObject({ ok: true, components: 62, error: null });
    expect(first.written).toBeGreaterThan(100);

    const second = await graph.sync('manual');
    expect(second).toMatchObject({ ok: true, written: 0, removed: 0 });
  });

  it('reads filtered graphs and components from the store, with drift', async () => {
    const graph = await service();
    const { graph: prod, stale } = await graph.readGraph({ env: ['prod'], type: ['vpc', 'ecs-cluster'] });
    expect(stale).toBe(false);
    expect(prod.components.map((c) => c.id)).toEqual(['prod:ecs-cluster/core', 'prod:vpc/main']);
    expect((await graph.readComponent('prod:aurora-postgres/orders')).component.drift?.status).toBe('mismatch');
    const vpc = await graph.readComponent('prod:vpc/main');
    expect(vpc.component.drift?.status).toBe('in_sync');
    expect(vpc.incoming.length).toBeGreaterThan(3);
    expect(vpc.incoming.every((e) => e.to === 'prod:vpc/main')).toBe(true);
    await expect(graph.readComponent('prod:vpc/nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('serves the last good graph flagged stale while the store is down, and 503s without one', async () => {
    const synced = await service();
    expect((await synced.sync('manual')).ok).toBe(true);
    const fresh = await service();
    await demo.server().stop();
    try {
      // Reads come from memory: the follower's next look at the store is what finds it down.
      await expect(synced.refresh()).rejects.toMatchObject({ code: expect.stringMatching(/^(unavailable|timeout)$/) });
      const read = await synced.readGraph({ env: ['dev'] });
      expect(read.stale).toBe(true);
      expect(read.graph.components.every((c) => c.env === 'dev')).toBe(true);
      expect((await synced.readComponent('prod:vpc/main')).stale).toBe(true);

      await expect(fresh.readGraph()).rejects.toMatchObject({ code: expect.stringMatching(/^(unavailable|timeout)$/) });

      const failed = await synced.sync('manual');
      expect(failed.ok).toBe(false);
      expect(failed.error).toMatch(/unreachable|timed? ?out/i);
    } finally {
      await demo.restart();
    }
    // The restarted server is empty (TinkerGraph lives in memory): the next sync writes everything again.
    const recovered = await synced.sync('manual');
    expect(recovered).toMatchObject({ ok: true, components: 62 });
    expect(recovered.written).toBeGreaterThan(100);
    expect((await synced.readGraph()).stale).toBe(false);
  });
});
