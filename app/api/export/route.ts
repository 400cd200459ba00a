import { exportStream, prepareExport } from '@/lib/export/export-estate';
import { parseExportQuery } from '@/lib/export/export-query';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/export – the estate for analysis (now, or as of at=): format=graphml, csv (table=nodes|edges) or jsonl (with the version history), streamed as a download.
export const GET = withSession(async ({ request }) => {
  const query = parseExportQuery(new URL(request.url).searchParams);
  const prepared = await prepareExport(await getServices(), query, new Date());
  return new Response(exportStream(prepared.chunks), {
    headers: {
      'content-type': prepared.contentType,
      'content-disposition': `attachment; filename="${prepared.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
