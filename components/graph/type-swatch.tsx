import type { NodeShape } from './type-colors';

/**
 * A node shape as the graph draws it, small, for the legend and the type
 * menu: the same outline cytoscape uses for each category, in the type's
 * colour. `isRuntimeOnly` draws the mark runtime-only components get on the
 * graph: their category's shape and colour with a dashed outline.
 */
const PATHS: Record<NodeShape, string> = {
  'round-rectangle': 'M4 1h8a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3H4a3 3 0 0 1-3-3V4a3 3 0 0 1 3-3z',
  hexagon: 'M4.5 1.5h7L15 8l-3.5 6.5h-7L1 8z',
  barrel: 'M3 1.5C6.3.8 9.7.8 13 1.5c1.6 4.3 1.6 8.7 0 13-3.3.7-6.7.7-10 0-1.6-4.3-1.6-8.7 0-13z',
  'round-tag': 'M2.5 2h8.2a1.5 1.5 0 0 1 1.1.5L15 8l-3.2 5.5a1.5 1.5 0 0 1-1.1.5H2.5A1.5 1.5 0 0 1 1 12.5v-9A1.5 1.5 0 0 1 2.5 2z',
  diamond: 'M8 .8 15.2 8 8 15.2.8 8z',
  'round-triangle': 'M6.7 2.2a1.5 1.5 0 0 1 2.6 0l5.8 10.6A1.5 1.5 0 0 1 13.8 15H2.2a1.5 1.5 0 0 1-1.3-2.2z',
};

export function TypeSwatch({ shape, color, size = 14, isRuntimeOnly = false }: { shape: NodeShape; color: string; size?: number; isRuntimeOnly?: boolean }) {
  return (
    <svg aria-hidden width={size} height={size} viewBox="-1 -1 18 18" className="shrink-0" data-shape={shape}>
      <path
        d={PATHS[shape]}
        fill={color}
        stroke={isRuntimeOnly ? '#0f172a' : 'none'}
        strokeWidth={isRuntimeOnly ? 1.5 : 0}
        strokeDasharray={isRuntimeOnly ? '2.5 1.5' : undefined}
      />
    </svg>
  );
}
