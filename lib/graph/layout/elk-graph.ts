/**
 * The drawn graph as ELK graphs for ELK's layered algorithm, one per
 * environment (its frame): each drawn node a box sized for its shape and
 * label, with one fixed port at the top centre of the shape (edges arrive
 * there) and one at the bottom centre (edges leave there), so an edge's
 * routed ends are exactly where cytoscape draws them. An edge to another
 * environment leaves its frame through a port of its own on the frame's
 * bottom side and enters the other frame through one on its top side; the
 * stretch between the frames is routed around them afterwards
 * (corridor-route.ts). Laying environments out apart lets the frames be
 * arranged for the viewport's shape (one ELK graph over all of them stacks
 * environments that reference each other, however tall that makes it).
 * Pure and deterministic: ids and insertion order are sorted.
 */
import type { ElementDefinition } from 'cytoscape';
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api';
import { FRAME_PADDING, NODE_SIZE, nodeBoxSize, type MeasureText } from './drawing-metrics';
import { byId } from '@/lib/model/ids';

export const IN_PORT = '#in';
export const OUT_PORT = '#out';
export const FRAME_OUT_PORT = '@out';
export const FRAME_IN_PORT = '@in';

/** Gaps of the layered drawing, in model pixels. */
export const ELK_SPACING = {
  /** Between neighbours in a layer. */
  nodeNode: 18,
  /** Between layers: room for the horizontal runs of the edges and their labels. */
  betweenLayers: 26,
  edgeNode: 14,
  edgeEdge: 8,
  /** Between environment frames: the corridors cross-environment edges run in. */
  frames: 72,
} as const;

const LAYERED_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': String(ELK_SPACING.nodeNode),
  'elk.layered.spacing.nodeNodeBetweenLayers': String(ELK_SPACING.betweenLayers),
  'elk.spacing.edgeNode': String(ELK_SPACING.edgeNode),
  'elk.layered.spacing.edgeNodeBetweenLayers': String(ELK_SPACING.edgeNode),
  'elk.spacing.edgeEdge': String(ELK_SPACING.edgeEdge),
  'elk.layered.spacing.edgeEdgeBetweenLayers': String(ELK_SPACING.edgeEdge),
  'elk.spacing.componentComponent': String(ELK_SPACING.nodeNode * 2),
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.randomSeed': '1',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
};

type Box = { id: string; width: number; height: number };

export type CrossEdge = { id: string; source: string; target: string; sourceFrame: string; targetFrame: string };

export type EnvGraph = {
  env: string;
  frame: string;
  /** ELK's input: a root holding the frame, whose content ELK lays out with the frame's own options. */
  graph: ElkNode;
};

export type ElkGraphs = { envs: EnvGraph[]; crossEdges: CrossEdge[] };

function portsOf(id: string, height: number): ElkPort[] {
  return [
    { id: `${id}${IN_PORT}`, x: NODE_SIZE / 2, y: 0, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'NORTH' } },
    { id: `${id}${OUT_PORT}`, x: NODE_SIZE / 2, y: height, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'SOUTH' } },
  ];
}

/**
 * Nodes per layer for an environment of these boxes, so that laid out it
 * comes out about `aspect` times as wide as it is tall (ELK's layering has
 * no notion of the screen: a vpc with 30 services would make one row).
 */
export function layerBound(boxes: readonly Box[], aspect: number): number {
  if (boxes.length === 0) return 1;
  const step = boxes.reduce((sum, b) => sum + b.width, 0) / boxes.length + ELK_SPACING.nodeNode;
  const rowHeight = boxes[0].height + ELK_SPACING.betweenLayers + 2 * ELK_SPACING.edgeEdge;
  return Math.max(2, Math.round(Math.sqrt((boxes.length * aspect * rowHeight) / step)));
}

/** The shape of one cell when `count` frames share the viewport in the grid whose cells come closest to a landscape 1.2. */
export function gridCellAspect(count: number, aspect: number): number {
  const distance = (cell: number) => Math.abs(Math.log(cell / 1.2));
  let best = aspect * Math.max(count, 1);
  for (let columns = 2; columns <= count; columns++) {
    const cell = (aspect * Math.ceil(count / columns)) / columns;
    if (distance(cell) < distance(best)) best = cell;
  }
  return best;
}

export function labelLines(element: ElementDefinition): string[] {
  return String(element.data.label ?? '').split('\n');
}

/**
 * The ELK graphs for these drawn elements (environment frames, nodes,
 * edges; self-loops and edges to unknown nodes left out: cytoscape draws
 * loops itself). `aspect` is the viewport's width / height: with E
 * environments, each is given roughly the shape of one cell of a grid that
 * fills it, and arrange-groups.ts then places the frames.
 */
export function toElkGraphs(elements: readonly ElementDefinition[], { measure, aspect }: { measure: MeasureText; aspect: number }): ElkGraphs {
  const frames = new Map<string, string>();
  const members = new Map<string, Box[]>();
  const envOf = new Map<string, string>();
  for (const element of elements) {
    if (element.group === 'nodes' && element.data.kind === 'env') frames.set(String(element.data.env), String(element.data.id));
  }
  for (const element of elements) {
    if (element.group !== 'nodes' || element.data.kind === 'env') continue;
    const id = String(element.data.id);
    const env = String(element.data.env);
    if (!frames.has(env)) continue;
    const list = members.get(env) ?? [];
    list.push({ id, ...nodeBoxSize(labelLines(element), measure) });
    members.set(env, list);
    envOf.set(id, env);
  }
  const envs = [...members.keys()].sort();
  const cellAspect = gridCellAspect(envs.length, aspect);

  const inner = new Map<string, ElkExtendedEdge[]>(envs.map((env) => [env, []]));
  const ports = new Map<string, ElkPort[]>(envs.map((env) => [env, []]));
  const crossEdges: CrossEdge[] = [];
  const edges = elements.filter((e) => e.group === 'edges').sort((a, b) => byId(a.data as { id: string }, b.data as { id: string }));
  for (const element of edges) {
    const id = String(element.data.id);
    const source = String(element.data.source);
    const target = String(element.data.target);
    const sourceEnv = envOf.get(source);
    const targetEnv = envOf.get(target);
    if (source === target || sourceEnv === undefined || targetEnv === undefined) continue;
    if (sourceEnv === targetEnv) {
      inner.get(sourceEnv)!.push({ id, sources: [`${source}${OUT_PORT}`], targets: [`${target}${IN_PORT}`] });
      continue;
    }
    // Out through the bottom of its frame, in through the top of the other.
    ports.get(sourceEnv)!.push({ id: `${id}${FRAME_OUT_PORT}`, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'SOUTH' } });
    ports.get(targetEnv)!.push({ id: `${id}${FRAME_IN_PORT}`, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'NORTH' } });
    inner.get(sourceEnv)!.push({ id: `${id}${FRAME_OUT_PORT}`, sources: [`${source}${OUT_PORT}`], targets: [`${id}${FRAME_OUT_PORT}`] });
    inner.get(targetEnv)!.push({ id: `${id}${FRAME_IN_PORT}`, sources: [`${id}${FRAME_IN_PORT}`], targets: [`${target}${IN_PORT}`] });
    crossEdges.push({ id, source, target, sourceFrame: frames.get(sourceEnv)!, targetFrame: frames.get(targetEnv)! });
  }

  return {
    crossEdges,
    envs: envs.map((env) => {
      const boxes = members.get(env)!.sort(byId);
      const frame = frames.get(env)!;
      return {
        env,
        frame,
        graph: {
          id: 'root',
          layoutOptions: { ...LAYERED_OPTIONS, 'elk.padding': '[top=0,left=0,bottom=0,right=0]' },
          children: [
            {
              id: frame,
              // Options are not inherited by compound nodes: the frame states its own.
              layoutOptions: {
                ...LAYERED_OPTIONS,
                'elk.portConstraints': 'FIXED_SIDE',
                'elk.padding': `[top=${FRAME_PADDING.top},left=${FRAME_PADDING.side},bottom=${FRAME_PADDING.bottom},right=${FRAME_PADDING.side}]`,
                'elk.layered.layering.strategy': 'COFFMAN_GRAHAM',
                'elk.layered.layering.coffmanGraham.layerBound': String(layerBound(boxes, cellAspect)),
              },
              ports: ports.get(env)!,
              children: boxes.map(({ id, width, height }) => ({ id, width, height, ports: portsOf(id, height), layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } })),
              edges: inner.get(env)!,
            },
          ],
        },
      };
    }),
  };
}
