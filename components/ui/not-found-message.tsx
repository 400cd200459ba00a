import Link from 'next/link';

/** The 404 message: what was not found and where to go instead. */
export function NotFoundMessage({ title = 'Nothing here', children }: { title?: string; children?: React.ReactNode }) {
  return (
    <div className="flex flex-1 items-center justify-center px-6 py-16" data-testid="not-found">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-indigo-700">404</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        <div className="mt-2 text-sm text-slate-600">
          {children ?? 'There is no component or page at this address. It may have been removed, renamed, or filtered out of what you can see.'}
        </div>
        <div className="mt-6 flex justify-center">
          <Link href="/" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-700">
            Back to the graph
          </Link>
        </div>
      </div>
    </div>
  );
}
