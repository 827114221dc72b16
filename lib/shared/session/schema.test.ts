import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { SessionDocumentSchema, SESSION_FORMAT } from './schema';

const minimal = {
  format: SESSION_FORMAT,
  version: 1,
  exportedAt: '2026-11-29T18:00:00.000Z',
  page: { url: 'https://app.example.com/', title: 'App' },
  segment: { detected: false, globalName: null, onWindow: false, library: 'unknown', version: null, writeKey: null },
  productFruits: { detected: false, snippet: null, workspaceCode: null, language: null, ready: false, user: null },
  events: [],
  diagnostics: [],
};

describe('SessionDocumentSchema', () => {
  it('accepts the minimal document of docs/session-format.md', () => {
    expect(v.safeParse(SessionDocumentSchema, minimal).success).toBe(true);
  });
  it('rejects another format or version', () => {
    expect(v.safeParse(SessionDocumentSchema, { ...minimal, format: 'har' }).success).toBe(false);
    expect(v.safeParse(SessionDocumentSchema, { ...minimal, version: 2 }).success).toBe(false);
  });
});
