/**
 * Grouping: within an environment, the components of one type collapse into
 * one group node ("13 lambda", id `group::<env>::<type>`), and, when even
 * that is too much for one screen, the types of one category collapse into a
 * category group (`group::<env>::category:<category>`). Edges are aggregated
 * between what is drawn: one edge per (drawn source, drawn target, kind),
 * with the count, keeping the original edge (and its id) where it stands
 * alone. Missing reference targets (ghosts) of an environment group as
 * `group::<env>::missing`.
 *
 * Pure: element definitions in, element definitions out, nothing mutated.
 */
import type { ElementDefinition } from 'cytoscape';
import { byId } from '@/lib/model/ids';

export const GROUP_PREFIX = 'group::';
const CATEGORY_KEY = 'category:';
const MISSING_KEY = 'missing';

export const GROUP_MODES = ['auto', 'type', 'none'] as const;
export type GroupMode = (typeof GROUP_MODES)[number];

/** Worst first: the status a group shows is its worst member's. */
export const DRIFT_SEVERITY = ['invalid', 'mismatch', 'orphaned', 'pending', 'unpublished', 'not_deployed', 'in_sync', 'unknown'] as const;
/** Statuses that do not count as drifting in a group's badge. */
const CALM = new Set(['in_sync', 'unknown']);

export function groupId(env: string, type: string): string {
  return `${GROUP_PREFIX}${env}::${type}`;
}

export function categoryGroupId(env: string, category: string): string {
  return `${GROUP_PREFIX}${env}::${CATEGORY_KEY}${category}`;
}

export function isGroupId(id: string): boolean {
  return id.startsWith(GROUP_PREFIX);
}

export function isCategoryGroupId(id: string): boolean {
  return isGroupId(id) && id.slice(GROUP_PREFIX.length).split('::')[1]?.startsWith(CATEGORY_KEY) === true;
}

export type GroupCandidate = {
  id: string;
  env: string;
  /** The type (or `missing`, or `category:<name>`). */
  key: string;
  /** Ids of the components (or ghosts) it stands for. */
  members: string[];
};

type Member = { id: string; env: string; typeKey: string; category: string; drift: string; color: string; shape: string; isGhost: boolean };

function membersOf(elements: readonly ElementDefinition[], keep: ReadonlySet<string>): Member[] {
  const members: Member[] = [];
  for (const element of elements) {
    const data = element.data;
    if (element.group !== 'nodes' || (data.kind !== 'component' && data.kind !== 'ghost')) continue;
    const id = String(data.id);
    if (keep.has(id)) continue;
    const isGhost = data.kind === 'ghost';
    members.push({
      id,
      env: String(data.env),
      typeKey: isGhost ? MISSING_KEY : String(data.type),
      category: isGhost ? MISSING_KEY : String(data.category ?? data.type),
      drift: String(data.drift ?? 'unknown'),
      color: String(data.color ?? '#64748b'),
      shape: String(data.shape ?? 'round-rectangle'),
      isGhost,
    });
  }
  return members;
}

/** The type groups that can form: two or more members of one type in one environment (kept ids excluded), largest first. */
export function typeGroups(elements: readonly ElementDefinition[], { keep = new Set<string>() }: { keep?: ReadonlySet<string> } = {}): GroupCandidate[] {
  const groups = new Map<string, GroupCandidate>();
  for (const member of membersOf(elements, keep)) {
    const id = groupId(member.env, member.typeKey);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { id, env: member.env, key: member.typeKey, members: [] }));
    group.members.push(member.id);
  }
  return [...groups.values()].filter((g) => g.members.length >= 2).sort((a, b) => b.members.length - a.members.length || (a.id < b.id ? -1 : 1));
}

/**
 * The category groups that can form once every type group is collapsed:
 * two or more drawn nodes (type groups or single components) of one
 * category in one environment. Ghosts have no category.
 */
export function categoryGroups(elements: readonly ElementDefinition[], { keep = new Set<string>() }: { keep?: ReadonlySet<string> } = {}): GroupCandidate[] {
  const typeOf = new Map<string, string>();
  for (const group of typeGroups(elements, { keep })) for (const id of group.members) typeOf.set(id, group.id);
  const groups = new Map<string, GroupCandidate & { drawn: Set<string> }>();
  for (const member of membersOf(elements, keep)) {
    if (member.isGhost) continue;
    const id = categoryGroupId(member.env, member.category);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { id, env: member.env, key: `${CATEGORY_KEY}${member.category}`, members: [], drawn: new Set() }));
    group.members.push(member.id);
    group.drawn.add(typeOf.get(member.id) ?? member.id);
  }
  return [...groups.values()]
    .filter((g) => g.drawn.size >= 2)
    .map(({ drawn: _drawn, ...group }) => group)
    .sort((a, b) => b.members.length - a.members.length || (a.id < b.id ? -1 : 1));
}

export type CollapsedGraph = {
  elements: ElementDefinition[];
  /** Original node or edge id → the id drawn in its place (only for what was folded into something else). */
  drawnOf: Record<string, string>;
  /** The groups drawn, with their members. */
  groups: GroupCandidate[];
};

function worstDrift(statuses: readonly string[]): string {
  let best = DRIFT_SEVERITY.length - 1;
  for (const status of statuses) {
    const rank = (DRIFT_SEVERITY as readonly string[]).indexOf(status);
    if (rank >= 0 && rank < best) best = rank;
  }
  return DRIFT_SEVERITY[best];
}

function groupNode(group: GroupCandidate, members: readonly Member[], isCategory: boolean): ElementDefinition {
  const drift = worstDrift(members.map((m) => m.drift));
  const driftCount = members.filter((m) => !CALM.has(m.drift)).length;
  const name = isCategory ? `${group.key.slice(CATEGORY_KEY.length)} components` : group.key === MISSING_KEY ? 'missing' : group.key;
  const classes = ['group', `drift-${drift}`, isCategory ? 'category-group' : 'type-group'];
  if (members.every((m) => m.isGhost)) classes.push('ghost-group');
  return {
    group: 'nodes',
    data: {
      id: group.id,
      kind: 'group',
      env: group.env,
      type: isCategory ? '' : group.key,
      label: `${members.length} ${name}`,
      count: members.length,
      drift,
      driftCount,
      // A type group wears its type's colour and shape; a category group its category's shape, in neutral grey.
      color: isCategory ? '#475569' : members[0].color,
      shape: members[0].shape,
    },
    classes: classes.join(' '),
    selectable: false,
  };
}

/**
 * The graph with the given groups collapsed (ids of type or category
 * groups; unknown ids and groups that cannot form are ignored). A category
 * group takes precedence over the type groups inside it.
 */
export function collapseGraph(
  elements: readonly ElementDefinition[],
  { collapsed, keep = new Set<string>() }: { collapsed: ReadonlySet<string>; keep?: ReadonlySet<string> },
): CollapsedGraph {
  const members = new Map(membersOf(elements, keep).map((m) => [m.id, m]));
  const nodeTarget = new Map<string, string>();
  const chosen = new Map<string, { group: GroupCandidate; isCategory: boolean }>();
  const categories = collapsed.size > 0 ? categoryGroups(elements, { keep }).filter((g) => collapsed.has(g.id)) : [];
  for (const group of categories) {
    chosen.set(group.id, { group, isCategory: true });
    for (const id of group.members) nodeTarget.set(id, group.id);
  }
  for (const group of collapsed.size > 0 ? typeGroups(elements, { keep }) : []) {
    if (!collapsed.has(group.id)) continue;
    const left = group.members.filter((id) => !nodeTarget.has(id));
    if (left.length < 2) continue;
    const trimmed = { ...group, members: left };
    chosen.set(group.id, { group: trimmed, isCategory: false });
    for (const id of left) nodeTarget.set(id, group.id);
  }
  if (chosen.size === 0) return { elements: [...elements], drawnOf: {}, groups: [] };

  const out: ElementDefinition[] = [];
  const drawnOf: Record<string, string> = {};
  for (const element of elements) {
    if (element.group === 'nodes' && nodeTarget.has(String(element.data.id))) continue;
    if (element.group !== 'edges') out.push(element);
  }
  const groups = [...chosen.values()].sort((a, b) => byId(a.group, b.group));
  for (const { group, isCategory } of groups)
    out.push(
      groupNode(
        group,
        group.members.map((id) => members.get(id)!),
        isCategory,
      ),
    );
  for (const [id, target] of nodeTarget) drawnOf[id] = target;

  // Edges: re-pointed at what is drawn, internal ones dropped, parallel ones merged.
  type Bundle = { source: string; target: string; kind: string; edges: ElementDefinition[] };
  const bundles = new Map<string, Bundle>();
  for (const element of elements) {
    if (element.group !== 'edges') continue;
    const data = element.data;
    const source = nodeTarget.get(String(data.source)) ?? String(data.source);
    const target = nodeTarget.get(String(data.target)) ?? String(data.target);
    const isRepointed = source !== data.source || target !== data.target;
    if (isRepointed && source === target) {
      drawnOf[String(data.id)] = source;
      continue;
    }
    const kind = String(data.kind ?? 'dependency');
    const key = `${kind}\n${source}\n${target}`;
    let bundle = bundles.get(key);
    if (!bundle) bundles.set(key, (bundle = { source, target, kind, edges: [] }));
    bundle.edges.push(element);
  }
  for (const bundle of bundles.values()) {
    const [first] = bundle.edges;
    if (bundle.edges.length === 1) {
      const data = first.data;
      out.push(data.source === bundle.source && data.target === bundle.target ? first : { ...first, data: { ...data, source: bundle.source, target: bundle.target } });
      continue;
    }
    const id = `agg::${bundle.kind === 'owner' ? 'owner::' : ''}${bundle.source}->${bundle.target}`;
    const classes = new Set<string>([bundle.kind === 'owner' ? 'owner' : 'dependency', 'aggregate']);
    const edgeClasses = bundle.edges.map((e) => String(e.classes ?? '').split(' '));
    if (edgeClasses.every((c) => c.includes('dangling'))) classes.add('dangling');
    if (edgeClasses.some((c) => c.includes('cycle'))) classes.add('cycle');
    const paths = [...new Set(bundle.edges.map((e) => String(e.data.path)))].sort();
    out.push({
      group: 'edges',
      data: {
        id,
        source: bundle.source,
        target: bundle.target,
        kind: bundle.kind,
        count: bundle.edges.length,
        path: paths.length === 1 ? `${paths[0]} ×${bundle.edges.length}` : `${bundle.edges.length} references`,
        rule: 'aggregate',
      },
      classes: [...classes].join(' '),
    });
    for (const edge of bundle.edges) drawnOf[String(edge.data.id)] = id;
  }
  return { elements: out, drawnOf, groups: groups.map((g) => g.group) };
}

export type CollapseLevel = { collapsed: string[]; drawnNodes: number };

/**
 * Ways to collapse the graph, from the most detailed (nothing collapsed) to
 * the coarsest (every type group, then every category group): each level
 * collapses the next largest type group, so the first levels fold the big
 * crowds and leave the rare types alone. `drawnNodes` counts the nodes a
 * level draws (frames excluded).
 */
export function collapseLevels(elements: readonly ElementDefinition[], { keep = new Set<string>() }: { keep?: ReadonlySet<string> } = {}): CollapseLevel[] {
  let drawn = 0;
  for (const element of elements) if (element.group === 'nodes' && (element.data.kind === 'component' || element.data.kind === 'ghost')) drawn++;
  const levels: CollapseLevel[] = [{ collapsed: [], drawnNodes: drawn }];
  const collapsed: string[] = [];
  for (const group of typeGroups(elements, { keep })) {
    collapsed.push(group.id);
    drawn -= group.members.length - 1;
    levels.push({ collapsed: [...collapsed], drawnNodes: drawn });
  }
  const categories = categoryGroups(elements, { keep });
  if (categories.length > 0) {
    const typeGroupOf = new Map<string, string>();
    for (const group of typeGroups(elements, { keep })) for (const id of group.members) typeGroupOf.set(id, group.id);
    for (const category of categories) drawn -= new Set(category.members.map((id) => typeGroupOf.get(id) ?? id)).size - 1;
    levels.push({ collapsed: [...collapsed, ...categories.map((c) => c.id)], drawnNodes: drawn });
  }
  return levels;
}
