/**
 * The render benchmark's baseline page: bare cytoscape (bare-entry.ts,
 * bundled by esbuild as the app bundles it) over HTML that carries all the
 * estate's elements inline, served over HTTP like the app.
 */
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { toElements } from '@/components/graph/to-elements';
import type { GraphResponse } from '@/lib/model/api';
import { findFreePort } from '../../scripts/peers/ports.mjs';
import { repoRoot } from '../../scripts/peers/proc.mjs';

/** The bare page's script: cytoscape, the layouts and the stylesheet, bundled like the app bundles them. */
export async function bundleBarePage(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(repoRoot, 'bench', 'ui-render', 'bare-entry.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    tsconfig: path.join(repoRoot, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/** Serves the bare page (HTML with the elements inline, and the script). */
export async function serveBarePage(script: string): Promise<{ server: Server; url: string; setHtml: (html: string) => void }> {
  let html = '';
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/bare.js')) {
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    }
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${port}/`, setHtml: (next) => (html = next) };
}

export function barePageHtml(response: GraphResponse, canvas: { width: number; height: number }): string {
  const { elements, componentCount } = toElements(response);
  // `<` escaped so no value can close the script element.
  const input = JSON.stringify({ elements, componentCount }).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>bare cytoscape</title>
<style>html,body{margin:0;height:100%;font-family:ui-sans-serif,system-ui,sans-serif}#cy{position:absolute;left:0;top:0;width:${canvas.width}px;height:${canvas.height}px}</style>
</head><body><div id="cy"></div><script>window.__KARMA_BENCH__=${input}</script><script src="/bare.js"></script></body></html>`;
}
