import 'server-only';
import type { LeaseOutcome, LeaseRelease, LeaseRequest } from '../graph-store';
import type { GremlinConnection } from './gremlin-connection';
import { idMatch, LABEL } from './graph-schema';
import { __, cardinality, merge, P, t, TextP, type Source, type Traversal } from './gremlin-lib';
import { asRecord, asString } from './traversal-results';

/**
 * Leases on Neptune: one `lease` vertex per name, each operation ONE
 * traversal (one transaction), so a take is a compare-and-set: two instances
 * racing for a free lease both write the vertex, one commit fails with a
 * concurrent modification, and its retry (gremlin-connection.ts) finds the
 * lease held. The rules are lib/store/lease-rules.ts's, written as steps.
 */

const leaseId = (name: string) => `lease:${name}`;

function leaseVertex(g: Source, name: string, isWanted = false): Traversal {
  const onCreate = new Map<unknown, unknown>([
    [t.label, LABEL.lease],
    ['name', name],
    ['holder', ''],
    ['expiresAt', 0],
    ['isWanted', isWanted],
  ]);
  return g.mergeV(idMatch(leaseId(name))).option(merge.onCreate, onCreate);
}

function outcome(result: string): Traversal {
  return __.project('r', 'holder', 'expiresAt').by(__.constant(result)).by(__.values('holder')).by(__.values('expiresAt'));
}

export async function acquireLease(connection: GremlinConnection, request: LeaseRequest, now: number): Promise<LeaseOutcome> {
  const expiresAt = now + request.ttlMs;
  const takeable = [__.has('holder', ''), __.has('expiresAt', P.lte(now))];
  if (request.takeOverPrefix !== undefined) takeable.push(__.has('holder', TextP.startingWith(request.takeOverPrefix)));
  const [row] = await connection.run(`take lease ${request.name}`, (g) =>
    leaseVertex(g, request.name)
      .coalesce(
        // Renewal: keeps a wish made during the holder's run.
        __.has('holder', request.holder).property(cardinality.single, 'expiresAt', expiresAt).flatMap(outcome('acquired')),
        __.or(...takeable)
          .property(cardinality.single, 'holder', request.holder)
          .property(cardinality.single, 'expiresAt', expiresAt)
          .property(cardinality.single, 'isWanted', false)
          .flatMap(outcome('acquired')),
        outcome('held'),
      )
      .toList(),
  );
  const record = asRecord(row, `lease ${request.name}`);
  const until = new Date(Number(record.expiresAt)).toISOString();
  if (record.r === 'acquired') return { acquired: true, expiresAt: until };
  return { acquired: false, holder: asString(record.holder, `the holder of lease ${request.name}`), expiresAt: until };
}

export async function wantLease(connection: GremlinConnection, name: string): Promise<void> {
  await connection.run(`want lease ${name}`, (g) => leaseVertex(g, name, true).property(cardinality.single, 'isWanted', true).iterate());
}

export async function releaseLease(connection: GremlinConnection, request: LeaseRequest, { keepIfWanted = false }: { keepIfWanted?: boolean }, now: number): Promise<LeaseRelease> {
  const release = __.property(cardinality.single, 'holder', '').property(cardinality.single, 'expiresAt', 0).constant('released');
  const [result] = await connection.run(`release lease ${request.name}`, (g) => {
    const held = g.V(leaseId(request.name)).hasLabel(LABEL.lease).has('holder', request.holder);
    if (!keepIfWanted) return held.flatMap(release).toList();
    const keep = __.has('isWanted', true)
      .property(cardinality.single, 'isWanted', false)
      .property(cardinality.single, 'expiresAt', now + request.ttlMs)
      .constant('kept');
    return held.coalesce(keep, release).toList();
  });
  return result === undefined ? 'not_held' : (asString(result, `the release of lease ${request.name}`) as LeaseRelease);
}
