import { z } from 'zod';
import { AppError } from '@/lib/model/errors';
import { parseComponentId } from '@/lib/model/ids';
import { parseQuery } from '@/lib/server/parse-request';
import { componentIdFromParam } from '@/lib/server/route-params';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';
import { componentParameterName } from '@/lib/model/parameters';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const querySchema = z.strictObject({ document: z.enum(['config', 'runtime']).default('config') });

// GET /api/components/[id]/history – every SSM version of the component's config (or runtime), oldest first
export const GET = withSession<{ id: string }>(async ({ request, params }) => {
  const id = componentIdFromParam(params.id);
  const { document } = parseQuery(request.url, querySchema);
  const { env, type, nickname } = parseComponentId(id)!;
  const { sources, graph } = await getServices();
  const store = sources.forEnv(env);
  if (!store) throw new AppError('not_found', `No environment "${env}" is configured`);
  const name = componentParameterName(store.prefix, { type, nickname }, document);
  const versions = await store.history(name);
  // No versions: an unknown component is a 404; a known one simply has no such document (e.g. no runtime yet).
  if (versions.length === 0) await graph.readComponent(id);
  return { id, document, parameter: name, versions };
});
