import { getServices } from '@/lib/server/services';

export const dynamic = 'force-dynamic';

// Placeholder until the graph explorer lands: proves the demo graph is served.
export default async function GraphPage() {
  const { graph } = await getServices();
  const { graph: g } = await graph.readGraph();
  return (
    <div className="p-6">
      <h1 className="text-lg font-semibold">Infrastructure graph</h1>
      <p data-testid="graph-summary">
        {g.components.length} components, {g.edges.length} edges
      </p>
    </div>
  );
}
