/**
 * Search matches, focus roles, a rollout's members, a comparison's differences and the selection as classes on the drawn
 * graph. Only classes change (no layout), inside one batch, so toggling a
 * highlight on 5,000 nodes costs one redraw.
 */
import type { Core } from 'cytoscape';
import type { FocusRoles } from '@/lib/graph/layout/focus-roles';
import { STATE_ORDER } from '@/components/rollouts/rollout-style';
import type { RolloutMemberState } from '@/lib/model/rollout';

export type GraphHighlights = {
  /** Ids matching the search text; null when there is no search. */
  matches: ReadonlySet<string> | null;
  focus: FocusRoles | null;
  selected: string | null;
  /** A path view: the nodes and edges on the drawn paths, and its two ends. */
  path?: { elements: ReadonlySet<string>; ends: readonly string[] } | null;
  /** `?rollout=`: each member's state (`rollout-<state>` on its node); every other component is dimmed. */
  rollout?: ReadonlyMap<string, RolloutMemberState> | null;
  /** `?compare=`: components and edge ids added, removed or changed between the two moments (`diff-<kind>`, diff-style.ts). */
  diff?: DiffHighlight | null;
};

export type DiffHighlight = { added: ReadonlySet<string>; removed: ReadonlySet<string>; changed: ReadonlySet<string> };

/** cy.scratch key: original node/edge id → the group (or aggregated edge) drawn in its place. */
export const DRAWN_OF_KEY = 'karma-drawn-of';

/** The id drawn for a component or edge id: itself, or the group it is folded into. */
export function drawnIdOf(cy: Core, id: string): string {
  if (cy.getElementById(id).nonempty()) return id;
  const drawnOf = cy.scratch(DRAWN_OF_KEY) as Record<string, string> | undefined;
  return drawnOf?.[id] ?? id;
}

const ROLLOUT_CLASSES = ['rollout-member', ...STATE_ORDER.map((s) => `rollout-${s}`)];
const DIFF_CLASSES = ['diff-added', 'diff-removed', 'diff-changed'];
const HIGHLIGHT_CLASSES = ['dimmed', 'match', 'focus-root', 'focus-dependency', 'focus-dependent', 'on-path', 'path-end', ...ROLLOUT_CLASSES, ...DIFF_CLASSES];
const ANY_HIGHLIGHT = HIGHLIGHT_CLASSES.map((c) => `.${c}`).join(', ');

export function applyHighlights(cy: Core, { matches, focus, selected, path, rollout, diff }: GraphHighlights): void {
  // Highlights of members of a collapsed group land on the group.
  const at = (id: string) => cy.getElementById(drawnIdOf(cy, id));
  cy.batch(() => {
    cy.elements(ANY_HIGHLIGHT).removeClass(HIGHLIGHT_CLASSES.join(' '));
    if (focus) {
      at(focus.root).addClass('focus-root');
      for (const id of focus.dependencies.keys()) at(id).addClass('focus-dependency');
      for (const id of focus.dependents.keys()) at(id).addClass('focus-dependent');
      for (const id of focus.dependencyEdges) at(id).addClass('focus-dependency');
      for (const id of focus.dependentEdges) at(id).addClass('focus-dependent');
    }
    if (path) {
      for (const id of path.elements) at(id).addClass('on-path');
      for (const id of path.ends) at(id).addClass('path-end');
    }
    if (diff) {
      // A group holding a change shows it; one holding a removal only when all it holds went (else it is still there).
      for (const id of diff.changed) at(id).addClass('diff-changed');
      for (const id of diff.added) at(id).removeClass('diff-changed').addClass('diff-added');
      for (const id of diff.removed) {
        const drawn = at(id);
        if (drawn.id() === id) drawn.addClass('diff-removed');
        else drawn.addClass('diff-changed');
      }
    }
    if (rollout && rollout.size > 0) {
      cy.elements().not('node.env').addClass('dimmed');
      const members = new Set<string>();
      for (const [id, state] of rollout) {
        const node = at(id);
        node.removeClass('dimmed').addClass(`rollout-member rollout-${state}`);
        members.add(node.id());
      }
      // The references between two members stay in view: the order the waves follow.
      cy.edges('.dimmed')
        .filter((edge) => members.has(edge.source().id()) && members.has(edge.target().id()))
        .removeClass('dimmed');
    }
    if (matches && matches.size > 0) {
      cy.elements().not('node.env').addClass('dimmed');
      for (const id of matches) at(id).removeClass('dimmed').addClass('match');
    }
    const current = cy.$(':selected');
    if (selected === null) {
      current.unselect();
    } else if (current.length !== 1 || current.id() !== selected) {
      current.unselect();
      at(selected).select();
    }
  });
}
