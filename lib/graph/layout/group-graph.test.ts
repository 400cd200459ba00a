import type { ElementDefinition } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { categoryGroupId, categoryGroups, collapseGraph, collapseLevels, groupId, isCategoryGroupId, typeGroups } from './group-graph';

const node = (id: string, extra: Record<string, unknown> = {}): ElementDefinition => {
  const [env, rest] = id.split(':');
  const [type] = rest.split('/');
  return {
    group: 'nodes',
    data: {
      id,
      kind: 'component',
      env,
      type,
      category: type === 'lambda' || type === 'ecs-service' ? 'compute' : 'data',
      drift: 'in_sync',
      color: `#${type.length}00`,
      shape: 'hexagon',
      label: id,
      ...extra,
    },
    classes: 'component',
  };
};
const ghost = (id: string): ElementDefinition => ({ group: 'nodes', data: { id, kind: 'ghost', env: id.split(':')[0], type: 's3-bucket', label: id }, classes: 'ghost' });
const frame = (env: string): ElementDefinition => ({ group: 'nodes', data: { id: `env::${env}`, kind: 'env', env, label: env } });
const edge = (source: string, target: string, path: string, classes = 'dependency'): ElementDefinition => ({
  group: 'edges',
  data: { id: `${source}->${target}#${path}`, source, target, path, kind: 'dependency' },
  classes,
});

/** prod: three lambdas and two buckets reading one queue-less vpc; dev: one lambda. */
const elements: ElementDefinition[] = [
  frame('dev'),
  frame('prod'),
  node('dev:lambda/a'),
  node('prod:lambda/a', { drift: 'pending' }),
  node('prod:lambda/b', { drift: 'mismatch' }),
  node('prod:lambda/c'),
  node('prod:s3-bucket/x'),
  node('prod:s3-bucket/y'),
  node('prod:vpc/main'),
  ghost('prod:s3-bucket/gone'),
  edge('prod:lambda/a', 'prod:s3-bucket/x', 'src_nickname'),
  edge('prod:lambda/b', 'prod:s3-bucket/x', 'src_nickname'),
  edge('prod:lambda/c', 'prod:s3-bucket/y', 'logs_nickname'),
  edge('prod:lambda/a', 'prod:lambda/b', 'next_nickname'),
  edge('prod:lambda/a', 'prod:vpc/main', 'vpc_nickname'),
  edge('prod:lambda/c', 'prod:s3-bucket/gone', 'assets_nickname', 'dependency dangling'),
  edge('dev:lambda/a', 'prod:vpc/main', 'vpc_nickname'),
];

describe('typeGroups', () => {
  it('offers a group per type and environment with two or more members, largest first', () => {
    expect(typeGroups(elements).map((g) => [g.id, g.members.length])).toEqual([
      [groupId('prod', 'lambda'), 3],
      [groupId('prod', 's3-bucket'), 2],
    ]);
  });

  it('leaves kept components out of their group', () => {
    expect(typeGroups(elements, { keep: new Set(['prod:lambda/a']) })[0].members).toEqual(['prod:lambda/b', 'prod:lambda/c']);
    expect(typeGroups(elements, { keep: new Set(['prod:s3-bucket/x']) }).map((g) => g.id)).toEqual([groupId('prod', 'lambda')]);
  });
});

describe('collapseGraph', () => {
  const collapsed = collapseGraph(elements, { collapsed: new Set([groupId('prod', 'lambda'), groupId('prod', 's3-bucket')]) });
  const byId = new Map(collapsed.elements.map((e) => [String(e.data.id), e]));
  const edges = collapsed.elements.filter((e) => e.group === 'edges');

  it('draws one node per group, named by count and type, with its worst drift and how many drift', () => {
    expect(byId.has('prod:lambda/a')).toBe(false);
    expect(byId.get(groupId('prod', 'lambda'))?.data).toMatchObject({
      kind: 'group',
      label: '3 lambda',
      count: 3,
      drift: 'mismatch',
      driftCount: 2,
      env: 'prod',
      shape: 'hexagon',
    });
    expect(byId.get(groupId('prod', 'lambda'))?.classes).toContain('drift-mismatch');
    expect(byId.get(groupId('prod', 's3-bucket'))?.data).toMatchObject({ label: '2 s3-bucket', driftCount: 0, drift: 'in_sync' });
    // Ghosts are not buckets: they stay apart.
    expect(byId.has('prod:s3-bucket/gone')).toBe(true);
  });

  it('aggregates edges between what is drawn, with a count, and drops those inside a group', () => {
    const bundle = edges.find((e) => e.data.source === groupId('prod', 'lambda') && e.data.target === groupId('prod', 's3-bucket'));
    expect(bundle?.data).toMatchObject({ count: 3, path: '3 references' });
    expect(bundle?.classes).toContain('aggregate');
    expect(edges.some((e) => e.data.source === e.data.target)).toBe(false);
    expect(collapsed.drawnOf['prod:lambda/a->prod:lambda/b#next_nickname']).toBe(groupId('prod', 'lambda'));
    expect(collapsed.drawnOf['prod:lambda/a->prod:s3-bucket/x#src_nickname']).toBe(bundle?.data.id);
  });

  it('keeps a lone edge (and its id) re-pointed at the group, across environments too', () => {
    expect(byId.get('prod:lambda/a->prod:vpc/main#vpc_nickname')?.data).toMatchObject({ source: groupId('prod', 'lambda'), target: 'prod:vpc/main', path: 'vpc_nickname' });
    expect(byId.get('dev:lambda/a->prod:vpc/main#vpc_nickname')?.data).toMatchObject({ source: 'dev:lambda/a', target: 'prod:vpc/main' });
    expect(byId.get('prod:lambda/c->prod:s3-bucket/gone#assets_nickname')?.classes).toContain('dangling');
  });

  it('maps every folded component to its group', () => {
    expect(collapsed.drawnOf['prod:lambda/b']).toBe(groupId('prod', 'lambda'));
    expect(collapsed.drawnOf['prod:vpc/main']).toBeUndefined();
  });

  it('changes nothing when nothing is collapsed, and ignores groups that cannot form', () => {
    expect(collapseGraph(elements, { collapsed: new Set() }).elements).toEqual(elements);
    expect(collapseGraph(elements, { collapsed: new Set([groupId('dev', 'lambda'), 'group::nowhere::x']) }).elements).toEqual(elements);
  });

  it('does not mutate its input', () => {
    const copy = structuredClone(elements);
    collapseGraph(elements, { collapsed: new Set([groupId('prod', 'lambda')]) });
    expect(elements).toEqual(copy);
  });
});

describe('category groups', () => {
  it('fold the types of one category in one environment, over their type groups', () => {
    expect(categoryGroups(elements).map((g) => g.id)).toEqual([categoryGroupId('prod', 'data')]);
    const collapsed = collapseGraph(elements, { collapsed: new Set([groupId('prod', 'lambda'), groupId('prod', 's3-bucket'), categoryGroupId('prod', 'data')]) });
    const group = collapsed.elements.find((e) => e.data.id === categoryGroupId('prod', 'data'));
    expect(group?.data).toMatchObject({ label: '3 data components', count: 3 });
    expect(isCategoryGroupId(categoryGroupId('prod', 'data'))).toBe(true);
    expect(isCategoryGroupId(groupId('prod', 'lambda'))).toBe(false);
  });
});

describe('collapseLevels', () => {
  it('goes from everything shown to everything folded, the largest group first, fewer nodes at each step', () => {
    const levels = collapseLevels(elements);
    expect(levels[0]).toEqual({ collapsed: [], drawnNodes: 8 });
    expect(levels[1]).toEqual({ collapsed: [groupId('prod', 'lambda')], drawnNodes: 6 });
    expect(levels[2]).toEqual({ collapsed: [groupId('prod', 'lambda'), groupId('prod', 's3-bucket')], drawnNodes: 5 });
    expect(levels[3].collapsed).toContain(categoryGroupId('prod', 'data'));
    expect(levels[3].drawnNodes).toBe(4);
    for (let i = 1; i < levels.length; i++) expect(levels[i].drawnNodes).toBeLessThan(levels[i - 1].drawnNodes);
    // What a level says it draws is what collapsing draws.
    for (const level of levels) {
      const drawn = collapseGraph(elements, { collapsed: new Set(level.collapsed) }).elements.filter((e) => e.group === 'nodes' && e.data.kind !== 'env');
      expect(drawn).toHaveLength(level.drawnNodes);
    }
  });
});
