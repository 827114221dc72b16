/**
 * Real Firefox (firefox-esr) driven over WebDriver BiDi, for the Firefox end-to-end test.
 * See docs/toolchain.md "Firefox": Playwright cannot drive stock Firefox, so this speaks BiDi
 * directly over a minimal WebSocket client (node:http upgrade; text frames, client masking) —
 * Node 20 has no global WebSocket without `--experimental-websocket`, and vitest workers get no
 * node flags.
 *
 *   const ff = await launchFirefox();          // fresh profile under .tmp, its own process group
 *   const bidi = await ff.connect();           // session.new done
 *   await bidi.send('webExtension.install', { extensionData: { type: 'path', path } });
 *   ...
 *   await ff.close();                          // ends the session, kills the group, removes the profile
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { abs, TMP_ROOT } from './harness';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Override with E2E_FIREFOX_EXTENSION_PATH to test another build (e.g. .tmp/ff-out/firefox-mv3). */
export const DEFAULT_FIREFOX_EXTENSION_PATH = path.resolve(
  process.env.E2E_FIREFOX_EXTENSION_PATH ?? abs('.output/firefox-mv3'),
);

// ---------------------------------------------------------------------------------------------
// Minimal WebSocket client (RFC 6455): what BiDi needs and nothing more.

type Listener = (text: string) => void;

export class MiniWebSocket {
  private buf = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closed = false;
  private onMessage: Listener = () => undefined;
  private onClose: (why: string) => void = () => undefined;

  private constructor(private readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      this.parse();
    });
    socket.on('close', () => this.markClosed('socket closed'));
    socket.on('error', (e) => this.markClosed(`socket error: ${String(e)}`));
  }

  static connect(url: string, timeoutMs = 10_000): Promise<MiniWebSocket> {
    const u = new URL(url);
    const key = crypto.randomBytes(16).toString('base64');
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: u.hostname,
        port: Number(u.port),
        path: u.pathname + u.search,
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': key,
        },
        timeout: timeoutMs,
      });
      req.on('upgrade', (res, socket, head) => {
        const expected = crypto
          .createHash('sha1')
          .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
          .digest('base64');
        if (res.headers['sec-websocket-accept'] !== expected) {
          socket.destroy();
          reject(new Error('WebSocket handshake: bad Sec-WebSocket-Accept'));
          return;
        }
        socket.setNoDelay?.(true);
        const ws = new MiniWebSocket(socket);
        if (head.length) {
          ws.buf = Buffer.from(head);
          ws.parse();
        }
        resolve(ws);
      });
      req.on('response', (res) => reject(new Error(`WebSocket handshake to ${url}: HTTP ${res.statusCode}`)));
      req.on('timeout', () => req.destroy(new Error(`WebSocket handshake to ${url} timed out`)));
      req.on('error', reject);
      req.end();
    });
  }

  set onmessage(fn: Listener) {
    this.onMessage = fn;
  }
  set onclose(fn: (why: string) => void) {
    this.onClose = fn;
  }
  get isClosed(): boolean {
    return this.closed;
  }

  private markClosed(why: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(why);
  }

  private frame(opcode: number, payload: Buffer): Buffer {
    const len = payload.length;
    const headLen = len < 126 ? 2 : len < 65536 ? 4 : 10;
    const head = Buffer.alloc(headLen + 4);
    head[0] = 0x80 | opcode; // FIN
    if (len < 126) head[1] = 0x80 | len;
    else if (len < 65536) {
      head[1] = 0x80 | 126;
      head.writeUInt16BE(len, 2);
    } else {
      head[1] = 0x80 | 127;
      head.writeBigUInt64BE(BigInt(len), 2);
    }
    const mask = crypto.randomBytes(4);
    mask.copy(head, headLen);
    const body = Buffer.alloc(len);
    for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i & 3]!;
    return Buffer.concat([head, body]);
  }

  send(text: string): void {
    if (this.closed) throw new Error('WebSocket is closed');
    this.socket.write(this.frame(0x1, Buffer.from(text, 'utf8')));
  }

  close(): void {
    if (this.closed) return;
    try {
      this.socket.write(this.frame(0x8, Buffer.from([0x03, 0xe8]))); // 1000 normal closure
    } catch {
      // ignore
    }
    this.socket.end();
    this.markClosed('closed by client');
  }

  private parse(): void {
    for (;;) {
      if (this.buf.length < 2) return;
      const b0 = this.buf[0]!;
      const b1 = this.buf[1]!;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      const maskOff = off;
      if (masked) off += 4;
      if (this.buf.length < off + len) return;
      let payload = this.buf.subarray(off, off + len);
      if (masked) {
        const m = this.buf.subarray(maskOff, maskOff + 4);
        payload = Buffer.from(payload.map((x, i) => x ^ m[i & 3]!));
      }
      this.buf = this.buf.subarray(off + len);

      if (opcode === 0x8) {
        // Close: answer and stop.
        try {
          this.socket.write(this.frame(0x8, Buffer.from(payload.subarray(0, 2))));
        } catch {
          // ignore
        }
        this.socket.end();
        this.markClosed('closed by server');
        return;
      }
      if (opcode === 0x9) {
        this.socket.write(this.frame(0xa, Buffer.from(payload)));
        continue;
      }
      if (opcode === 0xa) continue;
      if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) {
        this.fragments.push(Buffer.from(payload));
        if (fin) {
          const text = Buffer.concat(this.fragments).toString('utf8');
          this.fragments = [];
          this.onMessage(text);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// WebDriver BiDi session

export interface BidiEvent {
  method: string;
  params: Record<string, unknown>;
}

export class BidiError extends Error {
  constructor(
    readonly method: string,
    readonly error: string,
    message: string,
  ) {
    super(`${method}: ${error}: ${message}`);
  }
}

export class BidiSession {
  private nextId = 1;
  private pending = new Map<number, { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private listeners = new Set<(e: BidiEvent) => void>();
  /** Every event received, in order. */
  readonly events: BidiEvent[] = [];

  constructor(private readonly ws: MiniWebSocket) {
    ws.onmessage = (text) => this.receive(text);
    ws.onclose = (why) => {
      for (const [, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`${p.method}: BiDi connection ${why}`));
      }
      this.pending.clear();
    };
  }

  private receive(text: string): void {
    let msg: { id?: number; type?: string; result?: unknown; error?: string; message?: string; method?: string; params?: Record<string, unknown> };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof msg.id === 'number' && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id)!;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.type === 'error') p.reject(new BidiError(p.method, msg.error ?? 'error', msg.message ?? ''));
      else p.resolve(msg.result);
      return;
    }
    if (msg.type === 'event' && msg.method) {
      const e = { method: msg.method, params: msg.params ?? {} };
      this.events.push(e);
      for (const l of this.listeners) l(e);
    }
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, timeoutMs = 20_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        this.ws.send(JSON.stringify({ id, method, params }));
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(e as Error);
      }
    });
  }

  on(fn: (e: BidiEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * `script.evaluate` of an expression in a browsing context's page realm; returns the value,
   * which must be JSON-like (the expression should return a string or primitive; use
   * JSON.stringify in the page for anything structured). Throws on a page exception.
   */
  async evaluate(context: string, expression: string, awaitPromise = true): Promise<unknown> {
    const r = await this.send<{ type: string; result?: { type: string; value?: unknown }; exceptionDetails?: { text?: string } }>(
      'script.evaluate',
      { expression, target: { context }, awaitPromise },
    );
    if (r.type === 'exception') throw new Error(`script.evaluate threw: ${r.exceptionDetails?.text ?? 'unknown'}`);
    const v = r.result;
    if (!v || v.type === 'undefined' || v.type === 'null') return v?.type === 'null' ? null : undefined;
    return v.value;
  }

  close(): void {
    this.ws.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Firefox process

/**
 * Written to the fresh profile's user.js: nothing leaves 127.0.0.1 (all HTTP(S) through a dead
 * proxy; localhost is never proxied), no background services, no first-run UI.
 */
const USER_PREFS: Record<string, string | number | boolean> = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.share_proxy_settings': true,
  'network.proxy.no_proxies_on': '127.0.0.1,localhost',
  'network.proxy.allow_hijacking_localhost': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.http.speculative-parallel-limit': 0,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.startup.page': 0,
  'browser.newtabpage.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'browser.search.update': false,
  'browser.ping-centre.telemetry': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/v1',
  'messaging-system.rsexperimentloader.enabled': false,
  'xpinstall.signatures.required': false,
};

export interface LaunchedFirefox {
  proc: ChildProcess;
  profileDir: string;
  /** ws://127.0.0.1:PORT, as printed on stderr */
  wsUrl: string;
  /** Everything Firefox wrote to stderr (diagnostics). */
  stderr(): string;
  /** ms from spawn to the BiDi URL on stderr */
  startupMs: number;
  /** Opens the BiDi WebSocket and runs session.new. */
  connect(capabilities?: Record<string, unknown>): Promise<BidiSession>;
  /** session.end (best effort), kill the process group, remove the profile. */
  close(): Promise<void>;
}

let counter = 0;

export function firefoxAvailable(): boolean {
  return fs.existsSync(FIREFOX_PATH);
}

export interface FirefoxLaunchOptions {
  timeoutMs?: number;
  keepProfile?: boolean;
  /** Prefs written to user.js besides the offline, quiet defaults above. */
  prefs?: Record<string, string | number | boolean>;
  /**
   * `--remote-allow-system-access`: without it Firefox 138+ refuses moz-extension:// navigation
   * and chrome contexts over BiDi (docs/toolchain.md "Firefox").
   */
  systemAccess?: boolean;
}

export async function launchFirefox({ timeoutMs = 30_000, keepProfile = false, prefs = {}, systemAccess = false }: FirefoxLaunchOptions = {}): Promise<LaunchedFirefox> {
  if (!firefoxAvailable()) {
    throw new Error(
      `Firefox not found at ${FIREFOX_PATH}: install it with \`apt-get install -y firefox-esr\` (see docs/toolchain.md "Firefox"; .ci/run installs it).`,
    );
  }
  const t0 = Date.now();
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  counter += 1;
  const profileDir = fs.mkdtempSync(path.join(TMP_ROOT, `ff-profile-${process.pid}-${counter}-`));
  fs.writeFileSync(
    path.join(profileDir, 'user.js'),
    Object.entries({ ...USER_PREFS, ...prefs })
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n') + '\n',
  );
  const tmpDir = path.join(profileDir, 'tmp');
  fs.mkdirSync(tmpDir);

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.TMPDIR = tmpDir;
  env.MOZ_HEADLESS = '1';
  env.MOZ_CRASHREPORTER_DISABLE = '1';

  const proc = spawn(
    FIREFOX_PATH,
    ['--headless', '--no-remote', '--remote-debugging-port=0', ...(systemAccess ? ['--remote-allow-system-access'] : []), '--profile', profileDir, 'about:blank'],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env },
  );
  let stderr = '';
  let exited = false;
  proc.on('exit', () => {
    exited = true;
  });

  const killGroup = (signal: NodeJS.Signals) => {
    if (proc.pid === undefined) return;
    try {
      process.kill(-proc.pid, signal);
    } catch {
      // already gone
    }
  };
  let session: BidiSession | null = null;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (session) {
      await session.send('session.end', {}, 3000).catch(() => undefined);
      session.close();
    }
    killGroup('SIGTERM');
    const deadline = Date.now() + 5000;
    while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    killGroup('SIGKILL');
    const killed = Date.now() + 30_000;
    while (!exited && Date.now() < killed) await new Promise((r) => setTimeout(r, 50));
    if (!keepProfile) fs.rmSync(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };

  let wsUrl: string;
  try {
    wsUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Firefox printed no BiDi URL within ${timeoutMs} ms:\n${stderr.slice(-2000)}`)), timeoutMs);
      proc.stderr!.setEncoding('utf8');
      proc.stderr!.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
        const m = /WebDriver BiDi listening on (ws:\/\/[\d.]+:\d+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      proc.on('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`Firefox exited (${code ?? sig}) before BiDi was ready:\n${stderr.slice(-2000)}`));
      });
      proc.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  } catch (e) {
    await close();
    throw e;
  }
  const startupMs = Date.now() - t0;

  return {
    proc,
    profileDir,
    wsUrl,
    startupMs,
    stderr: () => stderr,
    async connect(capabilities = {}) {
      const ws = await MiniWebSocket.connect(`${wsUrl}/session`);
      session = new BidiSession(ws);
      await session.send('session.new', { capabilities });
      return session;
    },
    close,
  };
}
