/**
 * Typed-array columns that grow as rows arrive, in fixed blocks: ten million events stay a few
 * hundred MB, and growing never copies the column or leaves a doubled buffer half empty.
 */

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const MASK = BLOCK - 1;

type Typed = Int32Array | Float64Array | Uint8Array;

abstract class BlockColumn<A extends Typed> {
  protected readonly blocks: A[] = [];
  length = 0;

  protected abstract block(): A;

  push(value: number): void {
    const at = this.length & MASK;
    if (at === 0) this.blocks.push(this.block());
    (this.blocks[this.blocks.length - 1] as A)[at] = value;
    this.length++;
  }

  get(i: number): number {
    return (this.blocks[i >>> BLOCK_BITS] as A)[i & MASK] as number;
  }

  set(i: number, value: number): void {
    (this.blocks[i >>> BLOCK_BITS] as A)[i & MASK] = value;
  }

  /** Grows to at least `length` cells, new cells `fill` (for tables indexed by an id). */
  ensure(length: number, fill: number): void {
    while (this.length < length) {
      const at = this.length & MASK;
      if (at === 0) this.blocks.push(this.block().fill(fill) as A);
      const take = Math.min(BLOCK - at, length - this.length);
      this.length += take;
    }
  }
}

export class IntColumn extends BlockColumn<Int32Array> {
  protected block(): Int32Array {
    return new Int32Array(BLOCK);
  }

  /** A column of `length` cells, all `fill`. */
  static filled(length: number, fill: number): IntColumn {
    const c = new IntColumn();
    c.ensure(length, fill);
    return c;
  }
}

export class FloatColumn extends BlockColumn<Float64Array> {
  protected block(): Float64Array {
    return new Float64Array(BLOCK);
  }
}

export class ByteColumn extends BlockColumn<Uint8Array> {
  protected block(): Uint8Array {
    return new Uint8Array(BLOCK);
  }

  static filled(length: number, fill: number): ByteColumn {
    const c = new ByteColumn();
    c.ensure(length, fill);
    return c;
  }
}

/**
 * Line numbers of the events in file order. Nearly every event's line is its index plus a fixed
 * offset (the header, the rows skipped so far), so only the points where that offset changes are
 * kept: ten million lines cost a few entries, not 40 MB. Reads (only for examples) search them.
 */
export class LineColumn {
  private readonly starts = new IntColumn();
  private readonly offsets = new IntColumn();
  length = 0;

  push(line: number): void {
    const offset = line - this.length;
    const last = this.offsets.length - 1;
    if (last === -1 || this.offsets.get(last) !== offset) {
      this.starts.push(this.length);
      this.offsets.push(offset);
    }
    this.length++;
  }

  get(i: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts.get(mid) <= i) lo = mid;
      else hi = mid - 1;
    }
    return i + this.offsets.get(lo);
  }
}

/** An id-indexed table of ints that reads `fill` past its end and grows on write. */
export class IntTable {
  private readonly column = new IntColumn();

  constructor(private readonly fill: number) {}

  get(id: number): number {
    return id < this.column.length ? this.column.get(id) : this.fill;
  }

  set(id: number, value: number): void {
    if (id >= this.column.length) this.column.ensure(id + 1, this.fill);
    this.column.set(id, value);
  }
}

/**
 * A string cut from a line may be a view into the whole chunk the line came from (V8 slices
 * strings of 13 characters or more); keeping it would keep every chunk of a multi-gigabyte file
 * alive. A round trip through JSON makes an own copy. Shorter strings are copies already.
 */
function ownCopy<T>(value: T): T {
  return typeof value === 'string' && value.length >= 13 ? (JSON.parse(JSON.stringify(value)) as T) : value;
}

/** Each distinct value once; rows hold its number (-1 for none). */
export class Interner<T> {
  readonly values: T[] = [];
  private readonly ids = new Map<T, number>();

  /** `copy: false` for values that may keep their source alive (a file already held whole). */
  id(value: T, copy = true): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      const own = copy ? ownCopy(value) : value;
      this.values.push(own);
      this.ids.set(own, id);
    }
    return id;
  }

  /** The value's id, or -1 when it was never interned. */
  find(value: T): number {
    return this.ids.get(value) ?? -1;
  }
}
