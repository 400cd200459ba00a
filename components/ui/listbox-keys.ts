/**
 * Arrow keys in a search box with a list of matches under it (the graph
 * search, the path picker, a change set's component picker): the option
 * that becomes active, or null for any other key. Pure.
 */
export function steppedOption(key: string, active: number, count: number): number | null {
  if (key === 'ArrowDown') return Math.min(active + 1, Math.max(0, count - 1));
  if (key === 'ArrowUp') return Math.max(0, active - 1);
  return null;
}
