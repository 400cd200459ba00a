/**
 * The behaviour every ParameterStore adapter must have. Run by
 * local-parameter-store.test.ts (in-process) and ssm-parameter-store.itest.ts
 * (against a real moto server). Each test works under its own prefix, so no
 * test sees another's parameters and no reset is needed.
 */
import { describe, expect, it } from 'vitest';
import { AppError, StaleVersionError } from '@/lib/model/errors';
import type { ParameterStore } from './parameter-store';

export type StoreFactory = (prefix: string) => Promise<ParameterStore>;

let counter = 0;
function uniquePrefix(): string {
  counter += 1;
  return `/contract-${Date.now().toString(36)}-${counter}/iac`;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

export function describeParameterStoreContract(adapter: string, makeStore: StoreFactory): void {
  describe(`ParameterStore contract: ${adapter}`, () => {
    describe('reading a prefix', () => {
      it('returns every parameter under the prefix, recursively, and nothing outside it', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        await store.put({ name: `${prefix}/vpc/main/config`, value: '{"cidr":"10.0.0.0/16"}', expectedVersion: null, user: 'test' });
        await store.put({ name: `${prefix}/vpc/main/runtime`, value: '{"vpc_id":"vpc-1"}', expectedVersion: null, user: 'test' });
        await store.put({ name: `${prefix}/aurora-postgres/db/runtime/port`, value: '5432', expectedVersion: null, user: 'test' });
        const other = await makeStore(`${prefix}-other`);
        await other.put({ name: `${prefix}-other/vpc/x/config`, value: '{}', expectedVersion: null, user: 'test' });

        const all = await store.readAll();

        expect(all.map((p) => p.name)).toEqual([`${prefix}/aurora-postgres/db/runtime/port`, `${prefix}/vpc/main/config`, `${prefix}/vpc/main/runtime`]);
        const config = all.find((p) => p.name.endsWith('/vpc/main/config'));
        expect(config).toMatchObject({ value: '{"cidr":"10.0.0.0/16"}', version: 1 });
        expect(Number.isNaN(Date.parse(config!.modifiedAt))).toBe(false);
      });

      it('reads past the first page (more than 10 parameters)', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const names = Array.from({ length: 23 }, (_, i) => `${prefix}/s3-bucket/b${String(i).padStart(2, '0')}/config`);
        for (const name of names) await store.put({ name, value: '{}', expectedVersion: null, user: 'test' });

        const all = await store.readAll();

        expect(all.map((p) => p.name)).toEqual(names);
      });

      it('answers an empty list for an empty prefix', async () => {
        const store = await makeStore(uniquePrefix());
        expect(await store.readAll()).toEqual([]);
      });
    });

    describe('versions and history', () => {
      it('numbers versions from 1 and keeps every value in order with time and user', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const name = `${prefix}/ecs-cluster/apps/config`;
        const first = await store.put({ name, value: '{"size":1}', expectedVersion: null, user: 'alice' });
        const second = await store.put({ name, value: '{"size":2}', expectedVersion: 1, user: 'bob' });
        const third = await store.put({ name, value: '{"size":3}', expectedVersion: 2, user: 'carol' });

        expect([first.version, second.version, third.version]).toEqual([1, 2, 3]);
        const history = await store.history(name);
        expect(history.map((v) => [v.version, v.value])).toEqual([
          [1, '{"size":1}'],
          [2, '{"size":2}'],
          [3, '{"size":3}'],
        ]);
        for (const version of history) {
          expect(version.modifiedBy.length).toBeGreaterThan(0);
          expect(Number.isNaN(Date.parse(version.modifiedAt))).toBe(false);
        }
        expect(await store.get(name)).toMatchObject({ version: 3, value: '{"size":3}' });
      });

      it('keeps what the writer said about each version, which names the change request for Karma’s own writes', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const name = `${prefix}/vpc/main/config`;
        await store.put({ name, value: '{"v":1}', expectedVersion: null, user: 'alice', description: 'Karma change request cr:123: first' });
        await store.put({ name, value: '{"v":2}', expectedVersion: 1, user: 'bob', description: 'Karma change request cr:456: second' });

        const history = await store.history(name);
        expect(history.map((v) => v.description)).toEqual([
          expect.stringMatching(/^Karma change request cr:123: first/),
          expect.stringMatching(/^Karma change request cr:456: second/),
        ]);
      });

      it('awaits the page hook once per page of 50 versions before reading it, so a reader can pace every call', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const name = `${prefix}/lambda/worker/config`;
        for (let v = 1; v <= 51; v++) await store.put({ name, value: `{"v":${v}}`, expectedVersion: v === 1 ? null : v - 1, user: 'test' });
        const few = `${prefix}/lambda/few/config`;
        await store.put({ name: few, value: '{}', expectedVersion: null, user: 'test' });
        let pages = 0;
        const beforePage = async () => {
          pages++;
        };

        const history = await store.history(name, { beforePage });

        expect(history.map((v) => v.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
        expect(pages).toBe(2);
        pages = 0;
        expect(await store.history(few, { beforePage })).toHaveLength(1);
        expect(pages).toBe(1);
      });

      it('answers null and an empty history for a parameter that does not exist', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        expect(await store.get(`${prefix}/vpc/nope/config`)).toBeNull();
        expect(await store.history(`${prefix}/vpc/nope/config`)).toEqual([]);
      });
    });

    describe('reading several parameters at once', () => {
      it('answers the current version of each name that exists, as get does, and leaves out the rest', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const present = Array.from({ length: 19 }, (_, i) => `${prefix}/ecs-service/s${String(i).padStart(2, '0')}/runtime`);
        for (const [i, name] of present.entries()) await store.put({ name, value: `{"n":${i}}`, expectedVersion: null, user: 'tf' });
        // Some with a history: the current version counts.
        for (const name of present.slice(0, 3)) await store.put({ name, value: '{"n":"again"}', expectedVersion: 1, user: 'tf' });
        const absent = [
          ...Array.from({ length: 4 }, (_, i) => `${prefix}/ecs-service/missing${i}/runtime`),
          `${prefix}/ecs-service/s00/runtime/port`,
          `${prefix}-other/ecs-service/s00/runtime`,
        ];
        // 25 names, absent ones among the present: more than two calls' worth on SSM.
        const names = [...present.slice(0, 10), ...absent.slice(0, 3), ...present.slice(10), ...absent.slice(3)];
        expect(names).toHaveLength(25);

        const found = await store.getMany(names);

        expect([...found.keys()].sort()).toEqual([...present].sort());
        for (const name of present) expect(found.get(name)).toEqual(await store.get(name));
        expect(found.get(present[0])).toMatchObject({ name: present[0], value: '{"n":"again"}', version: 2 });
        expect(found.get(present[18])).toMatchObject({ name: present[18], value: '{"n":18}', version: 1 });
        for (const name of absent) expect(found.has(name)).toBe(false);
      });

      it('answers an empty map for no names, or only unknown ones', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        expect(await store.getMany([])).toEqual(new Map());
        expect(await store.getMany([`${prefix}/vpc/nope/runtime`])).toEqual(new Map());
      });

      it('answers a name asked twice once', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const name = `${prefix}/vpc/main/runtime`;
        await store.put({ name, value: '{"vpc_id":"vpc-1"}', expectedVersion: null, user: 'tf' });

        const found = await store.getMany([name, name]);

        expect([...found.entries()]).toEqual([[name, await store.get(name)]]);
      });
    });

    describe('guarded writes', () => {
      it('refuses a write based on an older version and writes nothing', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const name = `${prefix}/vpc/main/config`;
        await store.put({ name, value: '{"v":1}', expectedVersion: null, user: 'alice' });
        await store.put({ name, value: '{"v":2}', expectedVersion: 1, user: 'bob' });

        const error = await errorOf(store.put({ name, value: '{"v":"late"}', expectedVersion: 1, user: 'carol' }));

        expect(error).toBeInstanceOf(StaleVersionError);
        expect(error).toMatchObject({ code: 'stale_version', expectedVersion: 1, actualVersion: 2 });
        expect((await store.history(name)).map((v) => v.value)).toEqual(['{"v":1}', '{"v":2}']);
      });

      it('refuses to create a parameter that already exists', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const name = `${prefix}/vpc/main/config`;
        await store.put({ name, value: '{"v":1}', expectedVersion: null, user: 'alice' });

        const error = await errorOf(store.put({ name, value: '{"v":"again"}', expectedVersion: null, user: 'bob' }));

        expect(error).toMatchObject({ code: 'stale_version', expectedVersion: null, actualVersion: 1 });
        expect(await store.get(name)).toMatchObject({ version: 1, value: '{"v":1}' });
      });

      it('refuses to update a parameter that does not exist', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const name = `${prefix}/vpc/ghost/config`;

        const error = await errorOf(store.put({ name, value: '{}', expectedVersion: 4, user: 'alice' }));

        expect(error).toMatchObject({ code: 'stale_version', expectedVersion: 4, actualVersion: null });
        expect(await store.get(name)).toBeNull();
      });

      it('refuses a value over the standard tier limit of 4 KB and writes nothing', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const name = `${prefix}/lambda/big/config`;
        await store.put({ name, value: '{"v":1}', expectedVersion: null, user: 'alice' });
        const huge = JSON.stringify({ blob: 'x'.repeat(5_000) });

        const error = await errorOf(store.put({ name, value: huge, expectedVersion: 1, user: 'alice' }));

        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: 'payload_too_large' });
        expect(await store.get(name)).toMatchObject({ version: 1, value: '{"v":1}' });
      });

      it('counts the limit in bytes, not characters', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        // 1,500 three-byte characters: 1,500 characters but 4,500 bytes.
        const error = await errorOf(store.put({ name: `${prefix}/lambda/wide/config`, value: '€'.repeat(1_500), expectedVersion: null, user: 'alice' }));
        expect(error).toMatchObject({ code: 'payload_too_large' });
      });

      it('refuses a name outside its prefix', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const error = await errorOf(store.put({ name: '/elsewhere/vpc/main/config', value: '{}', expectedVersion: null, user: 'alice' }));
        expect(error).toMatchObject({ code: 'bad_request' });
      });
    });

    describe('guarded removal', () => {
      it('removes a parameter at the expected version, and a second removal finds it gone', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const name = `${prefix}/sqs-queue/old/config`;
        const neighbour = `${prefix}/sqs-queue/old/runtime`;
        await store.put({ name, value: '{"v":1}', expectedVersion: null, user: 'alice' });
        await store.put({ name, value: '{"v":2}', expectedVersion: 1, user: 'alice' });
        await store.put({ name: neighbour, value: '{"arn":"x"}', expectedVersion: null, user: 'tf' });

        expect(await store.remove({ name, expectedVersion: 2 })).toEqual({ removed: true });
        expect(await store.get(name)).toBeNull();
        expect(await store.history(name)).toEqual([]);
        expect(await store.get(neighbour)).toMatchObject({ version: 1 });
        expect(await store.remove({ name, expectedVersion: 2 })).toEqual({ removed: false });
      });

      it('refuses to remove a parameter that moved past the expected version, and keeps it', async () => {
        const prefix = uniquePrefix();
        const store = await makeStore(prefix);
        const name = `${prefix}/sqs-queue/busy/config`;
        await store.put({ name, value: '{"v":1}', expectedVersion: null, user: 'alice' });
        await store.put({ name, value: '{"v":2}', expectedVersion: 1, user: 'bob' });

        const error = await errorOf(store.remove({ name, expectedVersion: 1 }));

        expect(error).toMatchObject({ code: 'stale_version', expectedVersion: 1, actualVersion: 2 });
        expect(await store.get(name)).toMatchObject({ version: 2 });
      });
    });

    it('answers a ping', async () => {
      const store = await makeStore(uniquePrefix());
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
