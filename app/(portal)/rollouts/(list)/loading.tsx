export default function RolloutsLoading() {
  return (
    <div className="mx-auto w-full max-w-7xl space-y-4 px-6 py-6" aria-busy="true">
      <div className="h-7 w-56 animate-pulse rounded bg-slate-200" />
      <div className="h-6 w-full animate-pulse rounded bg-slate-100" />
      <div className="h-64 animate-pulse rounded-lg bg-slate-100" />
    </div>
  );
}
