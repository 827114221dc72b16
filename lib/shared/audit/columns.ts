/** Typed-array columns that grow as rows arrive: ten million events stay a few hundred MB. */

export class IntColumn {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  /** A column of `length` cells, all `fill`. */
  static filled(length: number, fill: number): IntColumn {
    const c = new IntColumn();
    c.data = new Int32Array(Math.max(length, 1)).fill(fill);
    c.length = length;
    return c;
  }
}

export class FloatColumn {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i] as number;
  }
}

/**
 * A string cut from a line is a view into the whole chunk the line came from; keeping it would
 * keep every chunk of a multi-gigabyte file alive. A round trip through JSON makes an own copy.
 */
function ownCopy<T>(value: T): T {
  return typeof value === 'string' ? (JSON.parse(JSON.stringify(value)) as T) : value;
}

/** Each distinct value once; rows hold its number (-1 for none). */
export class Interner<T> {
  readonly values: T[] = [];
  private readonly ids = new Map<T, number>();

  id(value: T): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      const own = ownCopy(value);
      this.values.push(own);
      this.ids.set(own, id);
    }
    return id;
  }
}
