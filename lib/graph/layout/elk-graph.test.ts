import type { ElementDefinition } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { estimateTextWidth, NODE_BOX_HEIGHT, NODE_SIZE } from './drawing-metrics';
import { FRAME_IN_PORT, FRAME_OUT_PORT, IN_PORT, layerBound, OUT_PORT, toElkGraphs } from './elk-graph';

const node = (id: string, label = id): ElementDefinition => ({ group: 'nodes', data: { id, kind: 'component', env: id.split(':')[0], label } });
const frame = (env: string): ElementDefinition => ({ group: 'nodes', data: { id: `env::${env}`, kind: 'env', env } });
const edge = (source: string, target: string): ElementDefinition => ({ group: 'edges', data: { id: `${source}->${target}`, source, target } });

describe('toElkGraphs', () => {
  const elements = [
    frame('dev'),
    frame('prod'),
    node('dev:api/a', 'a\nserverless-api'),
    node('dev:vpc/main'),
    node('prod:zone/public'),
    edge('dev:api/a', 'dev:vpc/main'),
    edge('dev:api/a', 'prod:zone/public'),
    edge('dev:api/a', 'dev:api/a'),
  ];
  const { envs, crossEdges } = toElkGraphs(elements, { measure: estimateTextWidth, aspect: 1.8 });
  const frameOf = (env: string) => envs.find((e) => e.env === env)!.graph.children![0];

  it('lays each environment out as its own frame, environments in order', () => {
    expect(envs.map((e) => [e.env, e.frame])).toEqual([
      ['dev', 'env::dev'],
      ['prod', 'env::prod'],
    ]);
    expect(frameOf('dev').children!.map((c) => c.id)).toEqual(['dev:api/a', 'dev:vpc/main']);
  });

  it('sizes a node for its shape and its widest label line, with fixed ports at the top and bottom centre of the shape', () => {
    const api = frameOf('dev').children![0];
    expect(api.height).toBe(NODE_BOX_HEIGHT);
    expect(api.width).toBeGreaterThan(NODE_SIZE + estimateTextWidth('serverless-api', 14));
    expect(api.ports).toEqual([
      expect.objectContaining({ id: `dev:api/a${IN_PORT}`, x: NODE_SIZE / 2, y: 0 }),
      expect.objectContaining({ id: `dev:api/a${OUT_PORT}`, x: NODE_SIZE / 2, y: NODE_BOX_HEIGHT }),
    ]);
  });

  it('takes an edge to another environment out through the bottom of its frame and in through the top of the other', () => {
    expect(crossEdges).toEqual([{ id: 'dev:api/a->prod:zone/public', source: 'dev:api/a', target: 'prod:zone/public', sourceFrame: 'env::dev', targetFrame: 'env::prod' }]);
    expect(frameOf('dev').ports).toEqual([expect.objectContaining({ id: `dev:api/a->prod:zone/public${FRAME_OUT_PORT}`, layoutOptions: { 'elk.port.side': 'SOUTH' } })]);
    expect(frameOf('prod').ports).toEqual([expect.objectContaining({ id: `dev:api/a->prod:zone/public${FRAME_IN_PORT}`, layoutOptions: { 'elk.port.side': 'NORTH' } })]);
    expect(frameOf('dev').edges!.map((e) => e.id)).toEqual(['dev:api/a->dev:vpc/main', `dev:api/a->prod:zone/public${FRAME_OUT_PORT}`]);
  });

  it('leaves self-loops to cytoscape', () => {
    expect(envs.flatMap((e) => e.graph.children![0].edges!).some((e) => e.id === 'dev:api/a->dev:api/a')).toBe(false);
  });
});

describe('layerBound', () => {
  it('bounds a layer by the shape wanted: a wider viewport, more nodes to a layer', () => {
    const boxes = Array.from({ length: 30 }, (_, i) => ({ id: String(i), width: 120, height: NODE_BOX_HEIGHT }));
    expect(layerBound(boxes, 3)).toBeGreaterThan(layerBound(boxes, 1));
    expect(layerBound(boxes, 1)).toBeLessThan(30);
  });
});
