import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ProposalPage } from '@/components/changes/proposal-page';
import { editableText } from '@/components/changes/change-set';
import type { ProposalDestination, ProposalTarget } from '@/components/changes/proposal-form';
import { getCurrentUser } from '@/lib/auth/current-user';
import { may } from '@/lib/changes/policy';
import { isAppError } from '@/lib/model/errors';
import { decodeIdSegment, parseComponentId } from '@/lib/model/ids';
import { getServices } from '@/lib/server/services';

export const metadata: Metadata = { title: 'Propose a change' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<{ component?: string }> };

export default async function NewChangePage({ searchParams }: Props) {
  const { component } = await searchParams;
  const user = await getCurrentUser();
  if (!user) redirect('/signin?callbackUrl=/changes/new');
  const { graph, changes } = await getServices();

  let target: ProposalTarget;
  if (component) {
    const id = decodeIdSegment(component);
    const found = parseComponentId(id)
      ? await graph.readComponent(id).catch((error: unknown) => {
          if (isAppError(error) && error.code === 'not_found') return null;
          throw error;
        })
      : null;
    if (!found) notFound();
    target = { kind: 'existing', id: found.component.id, configText: editableText(found.component), baseVersion: found.component.configVersion };
  } else {
    target = { kind: 'new' };
  }
  // Any proposal may grow into a change set with new components: their names are picked from these.
  const known = await changes.knownNames();
  const repo = changes.repoInfo();
  const destination: ProposalDestination =
    repo?.isWritable && repo.remote && repo.branch
      ? { kind: 'git', remote: repo.remote, branch: repo.branch }
      : {
          kind: 'ssm',
          reason: repo
            ? 'the config repo is a folder Karma only reads, so applying writes SSM only.'
            : 'no config repo is configured, so applying writes SSM only and the next publish from Git would revert it.',
        };
  return <ProposalPage target={target} known={known} canPropose={may(user, 'propose')} role={user.role} destination={destination} />;
}
