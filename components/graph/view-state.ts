/**
 * Everything the graph view shows lives in the URL
 * (`/?env=prod&type=vpc&focus=prod:vpc/main&hops=2&layout=force&q=10.40&selected=…`),
 * so a link reproduces the view and back/forward walk through it. Parsing is
 * forgiving (unknown values are dropped); serialising is canonical (fixed
 * key order, defaults left out, `:` `/` `,` kept readable).
 */
import type { GraphQueryParams } from '@/lib/model/api';
import { DRIFT_STATUSES, type DriftStatus } from '@/lib/model/graph';
import type { RendererChoice } from './render-signals';

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
  layout: LayoutName;
  /** Search text: matches are highlighted and centred. */
  q: string;
  /** Component whose panel is open. */
  selected: string | null;
  /** `auto` picks by size and GPU; `canvas`/`webgl` force one (for troubleshooting a slow or odd drawing). */
  renderer: RendererChoice;
};

const RENDERERS: readonly RendererChoice[] = ['auto', 'canvas', 'webgl'];

export const EMPTY_VIEW: ViewState = { env: [], type: [], status: [], focus: null, hops: DEFAULT_HOPS, layout: 'layered', q: '', selected: null, renderer: 'auto' };

type ParamsLike = { get(name: string): string | null; getAll(name: string): string[] };

function list(params: ParamsLike, key: string): string[] {
  const values = params
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return [...new Set(values)].sort();
}

export function parseViewState(params: ParamsLike): ViewState {
  const hops = Number.parseInt(params.get('hops') ?? '', 10);
  const layout = params.get('layout');
  const renderer = params.get('renderer') as RendererChoice | null;
  return {
    env: list(params, 'env'),
    type: list(params, 'type'),
    status: list(params, 'status').filter((s): s is DriftStatus => (DRIFT_STATUSES as readonly string[]).includes(s)),
    focus: params.get('focus')?.trim() || null,
    hops: Number.isFinite(hops) ? Math.min(MAX_HOPS, Math.max(MIN_HOPS, hops)) : DEFAULT_HOPS,
    layout: (LAYOUTS as readonly string[]).includes(layout ?? '') ? (layout as LayoutName) : 'layered',
    q: params.get('q') ?? '',
    selected: params.get('selected')?.trim() || null,
    renderer: renderer && RENDERERS.includes(renderer) ? renderer : 'auto',
  };
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
  }
  if (state.layout !== 'layered') add('layout', state.layout);
  if (state.q) add('q', state.q);
  if (state.selected) add('selected', state.selected);
  if (state.renderer !== 'auto') add('renderer', state.renderer);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The part of the view the server filters on: the query for /api/graph. */
export function graphQuery(state: ViewState): GraphQueryParams {
  return {
    ...(state.env.length ? { env: state.env } : {}),
    ...(state.type.length ? { type: state.type } : {}),
    ...(state.status.length ? { status: state.status } : {}),
    ...(state.focus ? { focus: [state.focus], hops: state.hops } : {}),
  };
}

/** Whether going from `a` to `b` deserves its own history entry (typing in the search box does not). */
export function isMeaningfulChange(a: ViewState, b: ViewState): boolean {
  const { q: _qa, ...restA } = a;
  const { q: _qb, ...restB } = b;
  return viewSearch({ ...restA, q: '' }) !== viewSearch({ ...restB, q: '' });
}
