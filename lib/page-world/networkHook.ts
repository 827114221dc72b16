/**
 * Network truth: the page's own requests to Segment's tracking API through fetch, XHR and
 * sendBeacon. Inside the page's call we only keep a reference to a string body that could be a
 * Segment payload (a cheap substring test); parsing by shape, not by hostname (customers proxy
 * Segment), happens at flush. The page gets back the very promise, return value or error it
 * would have had without us.
 */
import type { PageRecorder } from './pageRecorder';
import { apply, defineOwn, readerOf, indexIn, looksLike, lowerText, matches, methodOf, thenOf, startsWith, PristineWeakMap } from './pristine';
import { readProp } from '../shared/values';
import type { PageSaysCode } from '../shared/pageSays';

type Transport = 'fetch' | 'xhr' | 'beacon';

/** analytics-next's settings request: without its answer the library never starts. */
const SETTINGS_URL = /\/v1\/projects\/[^/]+\/settings(?:[?#]|$)/;

function candidateBody(body: unknown): body is string {
  return typeof body === 'string' && body.length < 1_048_576 && indexIn(body, '"messageId"') !== -1;
}

/** A rejection's message, without running a `toString` of the page's. */
function messageOf(error: unknown): string {
  const message = readProp(error, 'message');
  return typeof message === 'string' ? message : typeof error === 'string' ? error : ('request-failed' satisfies PageSaysCode);
}

/** Beacons carry at most 64 KiB; a Blob beacon of a text type is read whatever its URL (customers proxy Segment). */
const MAX_BEACON_BLOB = 65_536;

export function installNetworkHook(win: Window & typeof globalThis, rec: PageRecorder): void {
  const base = () => String(win.location.href);
  const Url = win.URL;
  const urlHref = readerOf(Url?.prototype, 'href');
  const Request = win.Request;
  const requestUrl = readerOf(Request?.prototype, 'url');
  const Blob = win.Blob;
  const blobType = readerOf(Blob?.prototype, 'type');
  const blobSize = readerOf(Blob?.prototype, 'size');
  const blobText = methodOf(Blob?.prototype, 'text')!;
  const responseStatus = readerOf(win.Response?.prototype, 'status');
  const xhrStatus = readerOf(win.XMLHttpRequest?.prototype, 'status');
  const listen = methodOf(win.EventTarget?.prototype, 'addEventListener')!;

  /**
   * The URL a request goes to: a string or URL resolved against the page, a Request's own; anything
   * else is not read (its toString is the page's). An absolute http(s) string is taken as it is and
   * normalised in the background: parsing it here, and reading the page's location for a base,
   * was 40% of the hook's own time per request in Firefox (Gecko profile, 10,000 sent tracks).
   */
  function urlOf(input: unknown): string {
    try {
      if (typeof input === 'string') return startsWith(input, 'https://') || startsWith(input, 'http://') ? input : (urlHref(new Url(input, base())) as string);
      if (typeof Url === 'function' && input instanceof Url) return urlHref(input) as string;
      if (typeof Request === 'function' && input instanceof Request) return requestUrl(input) as string;
    } catch {
      // not a URL the page could request either
    }
    return typeof input === 'string' ? input : '';
  }

  function readableBlob(data: unknown): data is Blob {
    if (typeof Blob !== 'function' || !(data instanceof Blob) || (blobSize(data) as number) > MAX_BEACON_BLOB) return false;
    const type = lowerText(blobType(data) as string);
    return type === '' || startsWith(type, 'text/plain') || startsWith(type, 'application/json');
  }

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
        if (typeof input === 'string' && matches(SETTINGS_URL, input)) settingsUrl = urlOf(input);
        const body = init && typeof init === 'object' ? init.body : undefined;
        if (candidateBody(body)) {
          rid = sent(urlOf(input), 'fetch', body);
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
          thenOf(result, (response) => {
            const http = responseStatus(response) as number;
            if (http < 200 || http > 299) failed(`HTTP ${http}`);
          }, (error: unknown) => failed(messageOf(error)));
        } catch {
          // reporting only
        }
      }
      if (rid !== null && unanswerable) {
        settled(rid, 'unknown', null, 'keepalive-unloading' satisfies PageSaysCode);
      } else if (rid !== null) {
        const id = rid;
        try {
          // A derived promise for our bookkeeping (native then); the page keeps the original one.
          thenOf(
            result,
            (response) => {
              const http = responseStatus(response) as number;
              settled(id, statusOf(http), http, null);
            },
            (error: unknown) => settled(id, 'blocked', null, messageOf(error)),
          );
        } catch {
          // a page that replaced Promise.prototype.then: no delivery status, page unaffected
        }
      }
      return result;
    };
    looksLike(wrappedFetch, originalFetch);
    try {
      defineOwn(win, 'fetch', { value: wrappedFetch, writable: true, configurable: true, enumerable: true });
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
        urls.set(this, urlOf(arguments[1]));
      } catch {
        // keep going: open must behave as before
      }
      return apply(open, this, arguments as unknown as unknown[]);
    };
    xhrProto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      try {
        if (candidateBody(body)) {
          const rid = sent(urls.get(this) ?? '', 'xhr', body);
          apply(listen, this, ['loadend', () => {
            const http = xhrStatus(this) as number;
            if (http === 0) settled(rid, 'blocked', null, 'no response');
            else settled(rid, statusOf(http), http, null);
          }]);
        }
      } catch {
        // reporting only
      }
      return apply(send, this, arguments as unknown as unknown[]);
    };
    looksLike(xhrProto.open, open);
    looksLike(xhrProto.send, send);
  }

  const navProto = win.Navigator?.prototype;
  const beacon = navProto?.sendBeacon;
  if (navProto && typeof beacon === 'function') {
    navProto.sendBeacon = function (this: Navigator, url: string | URL, data?: BodyInit | null) {
      let rid: number | null = null;
      let blob: Blob | null = null;
      try {
        const href = urlOf(url);
        if (candidateBody(data)) rid = sent(href, 'beacon', data);
        else if (readableBlob(data)) {
          blob = data;
          rid = rec.nextId();
        }
      } catch {
        rid = null;
      }
      const queued = apply(beacon, this, arguments as unknown as unknown[]) as boolean;
      if (rid !== null) {
        const id = rid;
        const report = () => settled(id, queued ? 'unknown' : 'failed', null, queued ? ('beacon-queued' satisfies PageSaysCode) : ('beacon-refused' satisfies PageSaysCode));
        if (blob) {
          // A Blob is immutable: read it after the call, off the page's critical path.
          const href = urlOf(url);
          thenOf(apply(blobText, blob, []) as Promise<string>, (text) => {
            if (!candidateBody(text)) return;
            rec.record({ kind: 'network-body', rid: id, at: rec.now(), url: href, transport: 'beacon', body: text });
            report();
          }, () => undefined);
        } else report();
      }
      return queued;
    };
    looksLike(navProto.sendBeacon, beacon);
  }
}
