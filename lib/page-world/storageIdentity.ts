/**
 * The identity analytics.js keeps in the page's storage: `ajs_user_id`, `ajs_anonymous_id`,
 * `ajs_group_id` in localStorage (JSON) and cookies, `ajs_user_traits` in localStorage only.
 * Read after a flush that carried Segment calls, never inside a page's call.
 */
import type { CaptureRecord } from '../shared/captureEnvelope';
import { toSafeValue } from './safeValue';

/** Captured at load: a page may replace JSON.parse later. */
const jsonParse = JSON.parse;

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
  const parts = cookies.split(';');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return part.slice(eq + 1).trim();
      }
    }
  }
  return null;
}

export function readStoredIdentity(win: Window): IdentityRecord {
  let fromLocal: Record<string, string | null> = {};
  try {
    const ls = win.localStorage;
    fromLocal = {
      user: ls.getItem('ajs_user_id'),
      anon: ls.getItem('ajs_anonymous_id'),
      group: ls.getItem('ajs_group_id'),
      traits: ls.getItem('ajs_user_traits'),
    };
  } catch {
    // storage blocked (sandboxed frame, privacy settings)
  }
  // document.cookie is slow to read (milliseconds in headless Chromium): only when storage had nothing.
  let cookies: string | null = null;
  const cookie = (name: string) => {
    if (cookies === null) {
      try {
        cookies = String(win.document.cookie ?? '');
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
