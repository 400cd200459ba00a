/**
 * Everything the graph view shows lives in the URL
 * (`/?env=prod&type=vpc&focus=prod:vpc/main&hops=2&at=2026-07-01T00:00:00Z&compare=…&layout=force&group=type&expand=group::prod::lambda&q=10.40&selected=…&rollout=<uuid>`),
 * so a link reproduces the view and back/forward walk through it. Parsing is
 * forgiving (unknown values are dropped, except a moment: a bad `at` is
 * kept for the API to say what is wrong with it, rather than silently
 * showing the present); serialising is canonical (fixed key order,
 * defaults left out, `:` `/` `,` kept readable).
 */
import { rolloutIdFromSegment, rolloutSegment } from '@/lib/changes/rollout-id';
import type { GraphQueryParams } from '@/lib/model/api';
import { DRIFT_STATUSES, type DriftStatus } from '@/lib/model/graph';
import { GROUP_MODES, type GroupMode } from '@/lib/graph/layout/group-graph';
import type { RendererChoice } from './render-signals';
import { timeParams } from './time-travel';

export const LAYOUTS = ['layered', 'force'] as const;
export type LayoutName = (typeof LAYOUTS)[number];

export const MIN_HOPS = 1;
export const MAX_HOPS = 4;
export const DEFAULT_HOPS = 2;

export type ViewState = {
  env: string[];
  type: string[];
  status: DriftStatus[];
  /** Component whose neighbourhood is shown; null shows everything the filters let through. */
  focus: string | null;
  hops: number;
  /** With a focus: also what lies sideways (the undirected neighbourhood), not only dependencies and dependents. */
  siblings: boolean;
  /** `path=A,B`: the dependency paths between two components instead of a focus. */
  path: [string, string] | null;
  /** `at=<ISO>`: the graph as it was then (read-only); null: now. */
  at: string | null;
  /** `compare=<ISO>`: what changed between that moment and `at` (or now), drawn and listed. */
  compare: string | null;
  layout: LayoutName;
  /** `auto` collapses components of one type into groups where the first view would be illegible; `type` always; `none` never. */
  group: GroupMode;
  /** Groups opened by the user (ids like `group::prod::lambda`). */
  expand: string[];
  /** Search text: matches are highlighted and centred. */
  q: string;
  /** Component whose panel is open. */
  selected: string | null;
  /** `auto` picks by size and GPU; `canvas`/`webgl` force one (for troubleshooting a slow or odd drawing). */
  renderer: RendererChoice;
  /** `rollout=<uuid>`: a rollout's components highlighted by member state, the rest dimmed (the browser asks /api/rollouts for it; the graph query is the same). */
  rollout: string | null;
};

const RENDERERS: readonly RendererChoice[] = ['auto', 'canvas', 'webgl'];

export const EMPTY_VIEW: ViewState = {
  env: [],
  type: [],
  status: [],
  focus: null,
  hops: DEFAULT_HOPS,
  siblings: false,
  path: null,
  at: null,
  compare: null,
  layout: 'layered',
  group: 'auto',
  expand: [],
  q: '',
  selected: null,
  renderer: 'auto',
  rollout: null,
};

type ParamsLike = { get(name: string): string | null; getAll(name: string): string[] };

function list(params: ParamsLike, key: string): string[] {
  const values = params
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return [...new Set(values)].sort();
}

/** Two different ids, in the order given (from, to); anything else is no path. */
function pathOf(params: ParamsLike): [string, string] | null {
  const ends = (params.get('path') ?? '').split(',').map((v) => v.trim());
  return ends.length === 2 && ends[0] && ends[1] && ends[0] !== ends[1] ? [ends[0], ends[1]] : null;
}

export function parseViewState(params: ParamsLike): ViewState {
  const hops = Number.parseInt(params.get('hops') ?? '', 10);
  const path = pathOf(params);
  const layout = params.get('layout');
  const renderer = params.get('renderer') as RendererChoice | null;
  const group = params.get('group');
  return {
    env: list(params, 'env'),
    type: list(params, 'type'),
    status: list(params, 'status').filter((s): s is DriftStatus => (DRIFT_STATUSES as readonly string[]).includes(s)),
    // A path and a focus are two views of the graph: the path wins.
    focus: path ? null : params.get('focus')?.trim() || null,
    hops: Number.isFinite(hops) ? Math.min(MAX_HOPS, Math.max(MIN_HOPS, hops)) : DEFAULT_HOPS,
    siblings: params.get('siblings') === '1',
    path,
    ...timeParams(params),
    layout: (LAYOUTS as readonly string[]).includes(layout ?? '') ? (layout as LayoutName) : 'layered',
    group: (GROUP_MODES as readonly string[]).includes(group ?? '') ? (group as GroupMode) : 'auto',
    expand: list(params, 'expand'),
    q: params.get('q') ?? '',
    selected: params.get('selected')?.trim() || null,
    renderer: renderer && RENDERERS.includes(renderer) ? renderer : 'auto',
    // As the rollout page links it: the bare uuid (`ro:<uuid>` read the same). Anything else is left for the API's 404 to name.
    rollout: rolloutParam(params.get('rollout')),
  };
}

function rolloutParam(value: string | null): string | null {
  const text = value?.trim();
  if (!text) return null;
  const id = rolloutIdFromSegment(text);
  return id ? rolloutSegment(id) : text;
}

/** encodeURIComponent, but `:` `/` and `,` stay as they are: they are legal in a query and ids read better. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%2F/gi, '/').replace(/%2C/gi, ',');
}

/** `?env=prod&…` (or '' for the default view). */
export function viewSearch(state: ViewState): string {
  const parts: string[] = [];
  const add = (key: string, value: string) => parts.push(`${key}=${encode(value)}`);
  if (state.env.length) add('env', [...state.env].sort().join(','));
  if (state.type.length) add('type', [...state.type].sort().join(','));
  if (state.status.length) add('status', [...state.status].sort().join(','));
  if (state.focus) {
    add('focus', state.focus);
    if (state.hops !== DEFAULT_HOPS) add('hops', String(state.hops));
    if (state.siblings) add('siblings', '1');
  }
  if (state.path) add('path', state.path.join(','));
  if (state.at) add('at', state.at);
  if (state.compare) add('compare', state.compare);
  if (state.layout !== 'layered') add('layout', state.layout);
  if (state.group !== 'auto') add('group', state.group);
  if (state.expand.length && state.group !== 'none') add('expand', [...state.expand].sort().join(','));
  if (state.q) add('q', state.q);
  if (state.selected) add('selected', state.selected);
  if (state.renderer !== 'auto') add('renderer', state.renderer);
  if (state.rollout) add('rollout', state.rollout);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The part of the view the server filters on: the query for /api/graph. */
export function graphQuery(state: ViewState): GraphQueryParams {
  return {
    ...(state.env.length ? { env: state.env } : {}),
    ...(state.type.length ? { type: state.type } : {}),
    ...(state.status.length ? { status: state.status } : {}),
    ...(state.focus ? { focus: [state.focus], hops: state.hops, ...(state.siblings ? { siblings: true } : {}) } : {}),
    ...(state.path ? { path: [...state.path] } : {}),
    ...(state.at ? { at: state.at } : {}),
    ...(state.compare ? { compare: state.compare } : {}),
  };
}

/** Whether going from `a` to `b` deserves its own history entry (typing in the search box does not). */
export function isMeaningfulChange(a: ViewState, b: ViewState): boolean {
  const { q: _qa, ...restA } = a;
  const { q: _qb, ...restB } = b;
  return viewSearch({ ...restA, q: '' }) !== viewSearch({ ...restB, q: '' });
}
