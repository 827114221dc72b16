// Static server for the benchmark pages: /bench/* from tests/bench/pages, the analytics-next UMD
// build under /umd/ and /analytics-next/bundles/ (as the fixture server does), and a mock Segment
// tracking API that answers every POST /v1/* with 200 and counts the events it took and answered
// (`stats`, `untilAnswered`). Only listens on 127.0.0.1.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { umdDir } from '../fixtures/server.mjs';

const pagesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages');
const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': '*', 'Access-Control-Max-Age': '600' };
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };

function inside(base, urlPath) {
  const p = path.resolve(base, '.' + path.posix.normalize('/' + decodeURIComponent(urlPath)));
  return p.startsWith(base + path.sep) ? p : null;
}

/** Events in one tracking API body: a batch (`POST /v1/b`, `/v1/batch`) carries many, any other call one. */
function apiEventCount(body) {
  try {
    const parsed = JSON.parse(body);
    return Array.isArray(parsed?.batch) ? parsed.batch.length : 1;
  } catch {
    return 1;
  }
}

export async function startBenchServer() {
  /**
   * lastResponseAt: Date.now() when the last tracking API answer was written out; apiBytes: the
   * bodies' size; apiEventsAnswered: events whose request has had its answer written out
   */
  const stats = { apiRequests: 0, apiEvents: 0, apiBytes: 0, apiEventsAnswered: 0, lastResponseAt: null };
  /** untilAnswered's waiters, told after each answer */
  const onAnswered = new Set();
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    if (req.method === 'OPTIONS') return res.writeHead(204, CORS), res.end();
    if (req.method === 'POST') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const events = apiEventCount(body.toString('utf8'));
        stats.apiRequests += 1;
        stats.apiEvents += events;
        stats.apiBytes += body.length;
        res.writeHead(200, { 'Content-Type': 'application/json', ...CORS });
        res.end('{"success":true}', () => {
          stats.lastResponseAt = Date.now();
          stats.apiEventsAnswered += events;
          for (const check of onAnswered) check();
        });
      });
      return;
    }
    let file = null;
    if (p.startsWith('/bench/')) file = inside(pagesDir, p.slice('/bench/'.length));
    else if (p.startsWith('/umd/')) file = inside(umdDir, p.slice('/umd/'.length));
    else if (p.startsWith('/analytics-next/bundles/')) file = inside(umdDir, p.slice('/analytics-next/bundles/'.length));
    if (p === '/favicon.ico') return res.writeHead(204), res.end();
    try {
      const data = await fs.readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': data.length, ...CORS });
      res.end(data);
    } catch {
      res.writeHead(404, CORS);
      res.end('not found');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    stats,
    /**
     * Resolves once the API has answered `events` more events than when `since` (a copy of `stats`)
     * was taken, with what those requests were (count, bytes); rejects at the deadline.
     */
    untilAnswered(since, events, timeoutMs = 300_000) {
      const answered = () => stats.apiEventsAnswered - since.apiEventsAnswered;
      const result = () => ({ requests: stats.apiRequests - since.apiRequests, bytes: stats.apiBytes - since.apiBytes, at: stats.lastResponseAt });
      if (answered() >= events) return Promise.resolve(result());
      return new Promise((resolve, reject) => {
        const check = () => {
          if (answered() < events) return;
          onAnswered.delete(check);
          clearTimeout(timer);
          resolve(result());
        };
        const timer = setTimeout(() => {
          onAnswered.delete(check);
          reject(new Error(`the mock API answered ${answered()} of ${events} events in ${timeoutMs} ms`));
        }, timeoutMs);
        onAnswered.add(check);
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
