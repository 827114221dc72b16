/**
 * The identity analytics.js keeps in the page's storage: `ajs_user_id`, `ajs_anonymous_id`,
 * `ajs_group_id` in localStorage (JSON) and cookies, `ajs_user_traits` in localStorage only.
 * Read after a flush that carried Segment calls, never inside a page's call.
 */
import type { CaptureRecord } from '../shared/captureEnvelope';
import { toSafeValue } from './safeValue';
import { apply, readerOf, indexIn, methodOf, sliceText, trimText } from './pristine';

/** Captured at load: a page may replace JSON.parse or decodeURIComponent later. */
const jsonParse = JSON.parse;
const decode = decodeURIComponent;

type IdentityRecord = Extract<CaptureRecord, { kind: 'identity' }>;

function parseStored(raw: string | null | undefined): unknown {
  if (raw == null) return null;
  try {
    return jsonParse(raw);
  } catch {
    return raw;
  }
}

function asId(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

function cookieValue(cookies: string, name: string): string | null {
  for (let start = 0; start < cookies.length;) {
    let end = indexIn(cookies, ';', start);
    if (end === -1) end = cookies.length;
    const part = sliceText(cookies, start, end);
    start = end + 1;
    const eq = indexIn(part, '=');
    if (eq > 0 && trimText(sliceText(part, 0, eq)) === name) {
      const value = trimText(sliceText(part, eq + 1));
      try {
        return decode(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

/** Reads the stored identity with the storage and cookie accessors the page had at document_start. */
export function storedIdentityReader(win: Window & typeof globalThis): () => IdentityRecord {
  const localStorageOf = readerOf(win, 'localStorage');
  const getItem = methodOf(win.Storage?.prototype, 'getItem');
  const cookieOf = readerOf(win.Document?.prototype, 'cookie');
  return () => readStoredIdentity((key) => apply(getItem!, localStorageOf(win), [key]) as string | null, () => cookieOf(win.document));
}

function readStoredIdentity(item: (key: string) => string | null, cookieText: () => unknown): IdentityRecord {
  let fromLocal: Record<string, string | null> = {};
  try {
    fromLocal = {
      user: item('ajs_user_id'),
      anon: item('ajs_anonymous_id'),
      group: item('ajs_group_id'),
      traits: item('ajs_user_traits'),
    };
  } catch {
    // storage blocked (sandboxed frame, privacy settings)
  }
  // document.cookie is slow to read (milliseconds in headless Chromium): only when storage had nothing.
  let cookies: string | null = null;
  const cookie = (name: string) => {
    if (cookies === null) {
      try {
        const text = cookieText();
        cookies = typeof text === 'string' ? text : '';
      } catch {
        cookies = '';
      }
    }
    return cookieValue(cookies, name);
  };
  const pick = (local: string | null | undefined, name: string) => asId(parseStored(local ?? cookie(name)));
  const anyLocal = fromLocal.user != null || fromLocal.anon != null || fromLocal.group != null || fromLocal.traits != null;
  const userId = pick(fromLocal.user, 'ajs_user_id');
  const anonymousId = pick(fromLocal.anon, 'ajs_anonymous_id');
  const groupId = pick(fromLocal.group, 'ajs_group_id');
  return {
    kind: 'identity',
    userId,
    anonymousId,
    groupId,
    traits: toSafeValue(parseStored(fromLocal.traits)),
    source: anyLocal ? 'localStorage' : userId || anonymousId || groupId ? 'cookie' : 'none',
  };
}
