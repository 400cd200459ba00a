/**
 * What the focus bar and the path bar share: a component id as the bars
 * show it, and counted words.
 */

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function ViewId({ id, testId }: { id: string; testId: string }) {
  return (
    <code className="rounded bg-white px-1.5 py-0.5 font-mono text-[13px] text-slate-900 ring-1 ring-slate-200" data-testid={testId}>
      {id}
    </code>
  );
}
