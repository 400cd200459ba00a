import { Banner } from '@/components/ui/banner';
import { JsonTree } from '@/components/ui/json-tree';
import type { JsonValue } from '@/lib/model/json';

/** A config or runtime document: a JSON tree, the raw text when it is not JSON, or why there is none. */
export function DocumentView({ label, value, raw, missing, testId }: { label: string; value: JsonValue | null; raw: string | null; missing: string; testId: string }) {
  if (raw === null)
    return (
      <p className="text-sm text-slate-500" data-testid={testId}>
        {missing}
      </p>
    );
  if (value === null) {
    return (
      <div className="space-y-2" data-testid={testId}>
        <Banner tone="error" title={`The ${label.toLowerCase()} is not valid JSON`}>
          Shown as published.
        </Banner>
        <pre className="max-h-80 overflow-auto rounded-md border border-slate-200 bg-white p-2 font-mono text-xs whitespace-pre-wrap">{raw}</pre>
      </div>
    );
  }
  return <JsonTree value={value} label={label} testId={testId} />;
}
