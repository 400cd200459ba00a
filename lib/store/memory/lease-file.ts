import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { readFileIfExists, withFileLock, writeFileAtomic } from '@/lib/fs/atomic-file';
import { AppError } from '@/lib/model/errors';
import type { StoredLease } from '../lease-rules';

/**
 * The memory store's leases, `<dataDir>/leases.json`: apart from the graph
 * file, so taking and releasing a lease (twice per sync and per apply) never
 * rewrites the graph, nor makes every other process re-read and re-index it.
 * Every change is a read-modify-write under the file lock.
 */

const leasesSchema = z.record(z.string(), z.object({ holder: z.string(), expiresAt: z.number(), isWanted: z.boolean() }));

export type Leases = Record<string, StoredLease>;

export class LeaseFile {
  constructor(readonly file: string) {}

  static inDataDir(dataDir: string): LeaseFile {
    return new LeaseFile(path.join(dataDir, 'leases.json'));
  }

  /** `change` gets the current leases (never mutate them) and returns the lease to store under `name`, or null to write nothing. */
  async update<T>(name: string, change: (current: StoredLease | null) => { next: StoredLease | null; result: T }): Promise<T> {
    return withFileLock(this.file, async () => {
      const leases = await this.read();
      const { next, result } = change(leases[name] ?? null);
      if (next) await writeFileAtomic(this.file, JSON.stringify({ ...leases, [name]: next }));
      return result;
    });
  }

  private async read(): Promise<Leases> {
    const raw = await readFileIfExists(this.file);
    if (raw === null) return {};
    let json: unknown = null;
    try {
      json = JSON.parse(raw);
    } catch {
      // reported below
    }
    const parsed = leasesSchema.safeParse(json);
    // Written atomically, so only a hand edit breaks it; guessing would risk two holders.
    if (!parsed.success) throw new AppError('internal', `${this.file} does not hold Karma leases; remove it (no apply or sync may be running then)`);
    return parsed.data;
  }
}
