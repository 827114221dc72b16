import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkJson, compressChunk, decodeChunk, fromBase64, toBase64 } from './chunkCodec';

const proto = Uint8Array.prototype as { toBase64?: unknown };
const ctor = Uint8Array as unknown as { fromBase64?: unknown };

describe('chunkCodec', () => {
  afterEach(() => {
    delete proto.toBase64;
    delete ctor.fromBase64;
  });

  it("base64 as Node's Buffer writes it, both ways, without and with the platform's own base64", () => {
    const check = () => fc.assert(fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
      const text = toBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect([...fromBase64(text)]).toEqual([...bytes]);
    }), { numRuns: 40 });
    check();
    // The browsers' Uint8Array.prototype.toBase64 / Uint8Array.fromBase64, stood in for by Buffer.
    let used = 0;
    proto.toBase64 = function (this: Uint8Array) {
      used++;
      return Buffer.from(this).toString('base64');
    };
    ctor.fromBase64 = (text: string) => {
      used++;
      return new Uint8Array(Buffer.from(text, 'base64'));
    };
    check();
    expect(used).toBeGreaterThan(0);
  });

  it('a compressed chunk decodes to its events, any text in them included', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.record({ seq: fc.nat(), name: fc.string({ unit: 'grapheme' }), raw: fc.string({ unit: 'binary' }) }), { maxLength: 30 }), async (events) => {
      const json = chunkJson(events.map((e) => JSON.stringify(e)));
      const stored = await compressChunk(json);
      expect(stored.startsWith('[')).toBe(false);
      expect(await decodeChunk(stored)).toEqual(JSON.parse(json));
    }), { numRuns: 30 });
  });
});
