/**
 * Search matches, focus roles and the selection as classes on the drawn
 * graph. Only classes change (no layout), inside one batch, so toggling a
 * highlight on 5,000 nodes costs one redraw.
 */
import type { Core } from 'cytoscape';
import type { FocusRoles } from '@/lib/graph/layout/focus-roles';

export type GraphHighlights = {
  /** Ids matching the search text; null when there is no search. */
  matches: ReadonlySet<string> | null;
  focus: FocusRoles | null;
  selected: string | null;
};

const HIGHLIGHT_CLASSES = ['dimmed', 'match', 'focus-root', 'focus-dependency', 'focus-dependent'];
const ANY_HIGHLIGHT = HIGHLIGHT_CLASSES.map((c) => `.${c}`).join(', ');

export function applyHighlights(cy: Core, { matches, focus, selected }: GraphHighlights): void {
  cy.batch(() => {
    cy.elements(ANY_HIGHLIGHT).removeClass(HIGHLIGHT_CLASSES.join(' '));
    if (focus) {
      cy.getElementById(focus.root).addClass('focus-root');
      for (const id of focus.dependencies.keys()) cy.getElementById(id).addClass('focus-dependency');
      for (const id of focus.dependents.keys()) cy.getElementById(id).addClass('focus-dependent');
      for (const id of focus.dependencyEdges) cy.getElementById(id).addClass('focus-dependency');
      for (const id of focus.dependentEdges) cy.getElementById(id).addClass('focus-dependent');
    }
    if (matches && matches.size > 0) {
      cy.elements().not('node.env').addClass('dimmed');
      for (const id of matches) cy.getElementById(id).removeClass('dimmed').addClass('match');
    }
    const current = cy.$(':selected');
    if (selected === null) {
      current.unselect();
    } else if (current.length !== 1 || current.id() !== selected) {
      current.unselect();
      cy.getElementById(selected).select();
    }
  });
}
