import type { DriftDetailResponse } from '@/lib/model/drift';
import { FieldChangesTable } from './field-changes-table';
import { SideBySideDiff } from './side-by-side-diff';

type Props = { git: DriftDetailResponse['git']; publishedText: string | null; file: string };

/** The config repo's file against the published config (only when a config repo is configured). */
export function GitComparisonView({ git, publishedText, file }: Props) {
  switch (git.state) {
    case 'not_configured':
      return null;
    case 'same':
      return <p className="text-sm text-slate-600">{file} matches the published config.</p>;
    case 'absent':
      return <p className="text-sm text-slate-600">Neither the config repo nor SSM has a config for it.</p>;
    case 'missing_in_git':
      return <p className="text-sm text-slate-600">The config repo has no readable {file} (missing, or not JSON), so the published config is not in Git.</p>;
    case 'not_published':
      return <p className="text-sm text-slate-600">{file} is in the config repo but has never been published to SSM.</p>;
    case 'differs':
      return (
        <div className="space-y-2">
          {git.diff.mode === 'fields' ? (
            <FieldChangesTable changes={git.diff.changes} beforeLabel="Published (SSM)" afterLabel={`Git (${file})`} testId="git-changes" />
          ) : (
            publishedText !== null && git.text && <SideBySideDiff left={publishedText} right={git.text} leftLabel="Published (SSM)" rightLabel={`Git (${file})`} />
          )}
        </div>
      );
  }
}
