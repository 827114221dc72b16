/**
 * Event chunks are stored as text. A full chunk is gzip-compressed (base64): `storage.session`
 * holds 10 MB in Chrome, which as plain JSON is about 7,000 typical events; compressed, the
 * default 20,000 fit with room to spare. The growing last chunk of a tab is stored as plain JSON,
 * so a batch does not compress the same events again every time it adds a few; it is compressed
 * once, when it is full. CompressionStream exists in service workers, extension pages and Node alike.
 */
const BINARY_SLICE = 0x8000;

/** The platform's own base64 (Chrome 140, Firefox 133; not Node 20), which is many times faster than btoa over binary strings. */
interface NativeBase64 {
  toBase64?: (this: Uint8Array) => string;
}
interface NativeFromBase64 {
  fromBase64?: (text: string) => Uint8Array;
}

async function pipe(input: BlobPart, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([input]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export function toBase64(bytes: Uint8Array): string {
  const native = (Uint8Array.prototype as NativeBase64).toBase64;
  if (native) return native.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += BINARY_SLICE) binary += String.fromCharCode(...bytes.subarray(i, i + BINARY_SLICE));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const native = (Uint8Array as NativeFromBase64).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A chunk's JSON from its events' JSON texts (the same text JSON.stringify gives the array). */
export function chunkJson(eventTexts: readonly string[]): string {
  return `[${eventTexts.join(',')}]`;
}

/** A full chunk: its JSON compressed. Base64 never starts with "[", so plain chunks are told apart. */
export async function compressChunk(json: string): Promise<string> {
  // A Blob of the string is its UTF-8, as TextEncoder would give, without a copy made in script.
  return toBase64(await pipe(json, new CompressionStream('gzip')));
}

export async function decodeChunk<T>(stored: string): Promise<T> {
  if (stored.startsWith('[')) return JSON.parse(stored) as T;
  return JSON.parse(new TextDecoder().decode(await pipe(fromBase64(stored) as BlobPart, new DecompressionStream('gzip')))) as T;
}
