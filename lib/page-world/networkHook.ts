/**
 * Network truth: the page's own requests to Segment's tracking API through fetch, XHR and
 * sendBeacon. Inside the page's call we only keep a reference to a string body that could be a
 * Segment payload (a cheap substring test); parsing by shape, not by hostname (customers proxy
 * Segment), happens at flush. The page gets back the very promise, return value or error it
 * would have had without us.
 */
import type { PageRecorder } from './pageRecorder';
import { apply, looksLike, thenOf, PristineWeakMap } from './pristine';

type Transport = 'fetch' | 'xhr' | 'beacon';

/** analytics-next's settings request: without its answer the library never starts. */
const SETTINGS_URL = /\/v1\/projects\/[^/]+\/settings(?:[?#]|$)/;

function candidateBody(body: unknown): body is string {
  return typeof body === 'string' && body.length < 1_048_576 && body.indexOf('"messageId"') !== -1;
}

function urlOf(input: unknown, base: string): string {
  try {
    if (typeof input === 'string') return new URL(input, base).href;
    if (input && typeof input === 'object' && 'url' in input) return String((input as { url: unknown }).url);
    return new URL(String(input), base).href;
  } catch {
    return String(input);
  }
}

/** Beacons carry at most 64 KiB; a Blob beacon of a text type is read whatever its URL (customers proxy Segment). */
const MAX_BEACON_BLOB = 65_536;
function readableBlob(data: unknown, BlobCtor: typeof Blob): data is Blob {
  if (!(data instanceof BlobCtor)) return false;
  const type = data.type.toLowerCase();
  return data.size <= MAX_BEACON_BLOB && (type === '' || type.startsWith('text/plain') || type.startsWith('application/json'));
}

/** Give a replacement the original's `name`, `length` and source text, as the page would read them. */
function mirror(wrapper: object, original: unknown): void {
  looksLike(wrapper, original);
  try {
    const o = original as { name: string; length: number };
    Object.defineProperty(wrapper, 'name', { value: o.name, configurable: true });
    Object.defineProperty(wrapper, 'length', { value: o.length, configurable: true });
  } catch {
    // cosmetic only
  }
}

export function installNetworkHook(win: Window & typeof globalThis, rec: PageRecorder): void {
  const base = () => String(win.location.href);

  function sent(url: string, transport: Transport, body: string): number {
    const rid = rec.nextId();
    rec.record({ kind: 'network-body', rid, at: rec.now(), url, transport, body });
    return rid;
  }
  function settled(rid: number, status: 'delivered' | 'failed' | 'blocked' | 'unknown', httpStatus: number | null, error: string | null): void {
    rec.record({ kind: 'network-result', rid, at: rec.now(), status, httpStatus, error });
  }
  const statusOf = (http: number) => (http >= 200 && http < 400 ? 'delivered' : 'failed');

  const originalFetch = win.fetch;
  if (typeof originalFetch === 'function') {
    const wrappedFetch = function (this: unknown, input: unknown, init?: { body?: unknown; keepalive?: unknown }) {
      let rid: number | null = null;
      let unanswerable = false;
      let settingsUrl: string | null = null;
      try {
        if (typeof input === 'string' && SETTINGS_URL.test(input)) settingsUrl = urlOf(input, base());
        const body = init && typeof init === 'object' ? init.body : undefined;
        if (candidateBody(body)) {
          rid = sent(urlOf(input, base()), 'fetch', body);
          // A keepalive request sent while the page goes away outlives it: no page sees its answer.
          unanswerable = init!.keepalive === true && rec.isUnloading();
        }
      } catch {
        rid = null;
      }
      const result = apply(originalFetch, this, arguments as unknown as unknown[]) as Promise<Response>;
      if (settingsUrl !== null) {
        const url = settingsUrl;
        const failed = (error: string) => rec.record({ kind: 'segment-load', at: rec.now(), what: 'settings', url, error });
        try {
          thenOf(result, (response) => (response.ok ? undefined : failed(`HTTP ${response.status}`)), (error: unknown) => failed(String((error as { message?: unknown })?.message ?? error)));
        } catch {
          // reporting only
        }
      }
      if (rid !== null && unanswerable) {
        settled(rid, 'unknown', null, 'keepalive request sent while the page was unloading; its answer reaches no page');
      } else if (rid !== null) {
        const id = rid;
        try {
          // A derived promise for our bookkeeping (native then); the page keeps the original one.
          thenOf(
            result,
            (response) => settled(id, statusOf(response.status), response.status, null),
            (error: unknown) => settled(id, 'blocked', null, String((error as { message?: unknown })?.message ?? error)),
          );
        } catch {
          // a page that replaced Promise.prototype.then: no delivery status, page unaffected
        }
      }
      return result;
    };
    mirror(wrappedFetch, originalFetch);
    try {
      Object.defineProperty(win, 'fetch', { value: wrappedFetch, writable: true, configurable: true, enumerable: true });
    } catch {
      // fetch not replaceable here: XHR and beacons are still seen
    }
  }

  const xhrProto = win.XMLHttpRequest?.prototype;
  if (xhrProto) {
    const urls = new PristineWeakMap<object, string>();
    const open = xhrProto.open;
    const send = xhrProto.send;
    xhrProto.open = function (this: XMLHttpRequest) {
      try {
        urls.set(this, urlOf(arguments[1], base()));
      } catch {
        // keep going: open must behave as before
      }
      return apply(open, this, arguments as unknown as unknown[]);
    };
    xhrProto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      try {
        if (candidateBody(body)) {
          const rid = sent(urls.get(this) ?? '', 'xhr', body);
          this.addEventListener('loadend', () => {
            const http = this.status;
            if (http === 0) settled(rid, 'blocked', null, 'no response');
            else settled(rid, statusOf(http), http, null);
          });
        }
      } catch {
        // reporting only
      }
      return apply(send, this, arguments as unknown as unknown[]);
    };
    mirror(xhrProto.open, open);
    mirror(xhrProto.send, send);
  }

  const navProto = win.Navigator?.prototype;
  const beacon = navProto?.sendBeacon;
  if (navProto && typeof beacon === 'function') {
    navProto.sendBeacon = function (this: Navigator, url: string | URL, data?: BodyInit | null) {
      let rid: number | null = null;
      let blob: Blob | null = null;
      try {
        const href = urlOf(url, base());
        if (candidateBody(data)) rid = sent(href, 'beacon', data);
        else if (readableBlob(data, win.Blob)) {
          blob = data;
          rid = rec.nextId();
        }
      } catch {
        rid = null;
      }
      const queued = apply(beacon, this, arguments as unknown as unknown[]) as boolean;
      if (rid !== null) {
        const id = rid;
        const report = () => settled(id, queued ? 'unknown' : 'failed', null, queued ? 'beacon queued; the browser does not show pages its response' : 'sendBeacon refused the request');
        if (blob) {
          // A Blob is immutable: read it after the call, off the page's critical path.
          const href = urlOf(url, base());
          thenOf(blob.text(), (text) => {
            if (!candidateBody(text)) return;
            rec.record({ kind: 'network-body', rid: id, at: rec.now(), url: href, transport: 'beacon', body: text });
            report();
          }, () => undefined);
        } else report();
      }
      return queued;
    };
    mirror(navProto.sendBeacon, beacon);
  }
}
