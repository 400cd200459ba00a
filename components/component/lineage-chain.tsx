'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatUtc, shortUser } from '@/components/ui/format-time';
import { changeSegment } from '@/lib/changes/change-id';
import type { ChainLink, LineageChain } from '@/lib/model/component-lineage';

/**
 * The live runtime's lineage drawn as a chain of cards, read right to left
 * as the issue puts it: runtime ← the config version it was deployed from ←
 * the commit ← the change request ← its approvers. A link the server could
 * not establish is a dashed card saying why; nothing here guesses.
 */

type Card = { key: keyof LineageChain; caption: string; arrow: string | null };

const CARDS: Card[] = [
  { key: 'runtime', caption: 'Live runtime', arrow: null },
  { key: 'config', caption: 'Config version', arrow: 'deployed from' },
  { key: 'commit', caption: 'Git commit', arrow: 'committed in' },
  { key: 'change', caption: 'Change request', arrow: 'written by' },
  { key: 'approvers', caption: 'Approvers', arrow: 'approved by' },
];

function Known({ chain, name }: { chain: LineageChain; name: keyof LineageChain }): ReactNode {
  switch (name) {
    case 'runtime': {
      const { value } = chain.runtime as Extract<LineageChain['runtime'], { status: 'known' }>;
      return (
        <>
          <p className="font-mono text-sm font-semibold text-slate-900">v{value.version}</p>
          <p className="text-xs text-slate-600">written {formatUtc(value.modifiedAt)}</p>
          {value.modifiedBy && (
            <p className="text-xs [overflow-wrap:anywhere] text-slate-500" title={value.modifiedBy}>
              by {shortUser(value.modifiedBy)}
            </p>
          )}
        </>
      );
    }
    case 'config': {
      const { value } = chain.config as Extract<LineageChain['config'], { status: 'known' }>;
      return (
        <>
          <p className="font-mono text-sm font-semibold text-slate-900">
            v{value.version} <span className="font-sans text-xs font-normal text-slate-500">{value.isCurrent ? '(current)' : '(not the current one)'}</span>
          </p>
          <p className="text-xs text-slate-600">published {formatUtc(value.modifiedAt)}</p>
          {value.modifiedBy && (
            <p className="text-xs [overflow-wrap:anywhere] text-slate-500" title={value.modifiedBy}>
              by {shortUser(value.modifiedBy)}
            </p>
          )}
          {value.pending.length > 0 && <p className="text-xs text-amber-800">waiting to deploy: {value.pending.map((v) => `v${v}`).join(', ')}</p>}
        </>
      );
    }
    case 'commit': {
      const { value } = chain.commit as Extract<LineageChain['commit'], { status: 'known' }>;
      const sha = <span className="font-mono text-sm font-semibold">{value.sha.slice(0, 10)}</span>;
      return (
        <>
          {value.url ? (
            <a href={value.url} target="_blank" rel="noopener noreferrer" className="text-indigo-700 hover:underline" data-testid="chain-commit-link">
              {sha}
            </a>
          ) : (
            <p className="text-slate-900">{sha}</p>
          )}
          <p className="text-xs text-slate-600">{value.role === 'published_from' ? 'published from this commit' : 'pushed by the apply'}</p>
          {value.branch && <p className="text-xs text-slate-500">on {value.branch}</p>}
        </>
      );
    }
    case 'change': {
      const { value } = chain.change as Extract<LineageChain['change'], { status: 'known' }>;
      return (
        <>
          <Link href={`/changes/${changeSegment(value.id)}`} className="line-clamp-2 text-sm font-medium text-indigo-700 hover:underline" data-testid="chain-change-link">
            {value.title}
          </Link>
          <p className="text-xs [overflow-wrap:anywhere] text-slate-600">by {value.author}</p>
          {value.appliedAt && <p className="text-xs text-slate-500">applied {formatUtc(value.appliedAt)}</p>}
        </>
      );
    }
    case 'approvers': {
      const { value } = chain.approvers as Extract<LineageChain['approvers'], { status: 'known' }>;
      return (
        <ul className="space-y-0.5">
          {value.map((a) => (
            <li key={a.actor} className="text-xs">
              <span className="block text-sm font-medium [overflow-wrap:anywhere] text-slate-900">{a.actor}</span>
              {a.at && <span className="text-slate-500">{formatUtc(a.at)}</span>}
            </li>
          ))}
        </ul>
      );
    }
  }
}

function CardView({ chain, card }: { chain: LineageChain; card: Card }) {
  const link = chain[card.key] as ChainLink<unknown>;
  const isKnown = link.status === 'known';
  return (
    <div
      className={`min-w-0 rounded-md border px-3 py-2 ${isKnown ? 'border-slate-200 bg-white shadow-sm' : 'border-dashed border-slate-300 bg-slate-50'}`}
      data-testid={`chain-${card.key}`}
      data-status={link.status}
    >
      <p className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{card.caption}</p>
      <div className="mt-1 space-y-0.5">
        {link.status === 'known' ? (
          <Known chain={chain} name={card.key} />
        ) : (
          <>
            <p className="text-sm font-medium text-slate-500">Unknown</p>
            <p className="text-xs text-slate-600" data-testid={`chain-${card.key}-reason`}>
              {link.reason}
            </p>
          </>
        )}
      </div>
    </div>
  );
}

export function LineageChainView({ chain }: { chain: LineageChain }) {
  return (
    <ol
      // Five cards of one width with the arrows between them (each item's arrow and card become grid cells on wide screens).
      className="flex flex-col gap-1 lg:grid lg:grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)_auto_minmax(0,1fr)_auto_minmax(0,1fr)_auto_minmax(0,1fr)] lg:gap-0"
      aria-label="Lineage of the live runtime, from the runtime back to who approved it"
      data-testid="lineage-chain"
    >
      {CARDS.map((card) => (
        <li key={card.key} className="flex min-w-0 flex-col gap-1 lg:contents">
          {card.arrow && (
            <span className="flex shrink-0 items-center justify-center gap-1 px-1 text-[11px] text-slate-500 lg:w-16 lg:flex-col" aria-label={card.arrow}>
              <span aria-hidden className="text-base leading-none text-slate-400 lg:rotate-0">
                <span className="hidden lg:inline">←</span>
                <span className="lg:hidden">↑</span>
              </span>
              <span aria-hidden className="text-center leading-tight">
                {card.arrow}
              </span>
            </span>
          )}
          <CardView chain={chain} card={card} />
        </li>
      ))}
    </ol>
  );
}
