/** A server that sends the fixture pages with `script-src 'self'` (the fixture server sends no CSP). */
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
// @ts-expect-error plain .mjs module without type declarations
import { pagesDir as pagesDirUntyped, umdDir as umdDirUntyped } from '../fixtures/server.mjs';

const pagesDir = pagesDirUntyped as string;
const umdDir = umdDirUntyped as string;

export async function startCspServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = url.pathname.startsWith('/umd/') ? path.join(umdDir, path.basename(url.pathname)) : path.join(pagesDir, path.basename(url.pathname));
    try {
      const data = await fs.readFile(file);
      res.writeHead(200, {
        'Content-Type': file.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
        'Content-Security-Policy': "script-src 'self'",
        'Cache-Control': 'no-store',
      });
      res.end(data);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, close: () => new Promise((r) => server.close(() => r())) };
}
