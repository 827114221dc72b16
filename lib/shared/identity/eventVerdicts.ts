/**
 * The verdicts of a session's judged events, kept in the order they were judged. Judging appends
 * to two arrays; the lookup by event id is a Map built only when something asks by id, and then
 * only over the verdicts added since the last ask, so a live session's reader pays per revision
 * for what the revision added. Reads by id answer as a Map set in judging order would: event ids
 * in a pasted or imported file need not be unique, and the last verdict for an id wins.
 */
import type { Verdict } from './schema';

export class EventVerdicts implements ReadonlyMap<string, Verdict> {
  private readonly ids: string[] = [];
  private readonly verdicts: Verdict[] = [];
  private byId: Map<string, Verdict> | null = null;
  /** how many of the verdicts `byId` holds */
  private indexed = 0;

  /** Appends the verdict of the event judged next. */
  add(id: string, verdict: Verdict): void {
    this.ids.push(id);
    this.verdicts.push(verdict);
  }

  /** How many events were judged (a repeated id counts each time; `size` counts ids). */
  get judged(): number {
    return this.ids.length;
  }

  private index(): Map<string, Verdict> {
    const byId = (this.byId ??= new Map());
    const { ids, verdicts } = this;
    for (let i = this.indexed; i < ids.length; i++) byId.set(ids[i]!, verdicts[i]!);
    this.indexed = ids.length;
    return byId;
  }

  get(id: string): Verdict | undefined {
    return this.index().get(id);
  }

  has(id: string): boolean {
    return this.index().has(id);
  }

  get size(): number {
    return this.index().size;
  }

  /** A copy that later additions to this one do not change. */
  snapshot(): EventVerdicts {
    const copy = new EventVerdicts();
    for (let i = 0; i < this.ids.length; i++) copy.add(this.ids[i]!, this.verdicts[i]!);
    return copy;
  }

  forEach(callback: (verdict: Verdict, id: string, map: ReadonlyMap<string, Verdict>) => void, thisArg?: unknown): void {
    this.index().forEach((verdict, id) => callback.call(thisArg, verdict, id, this));
  }

  entries(): MapIterator<[string, Verdict]> {
    return this.index().entries();
  }

  keys(): MapIterator<string> {
    return this.index().keys();
  }

  values(): MapIterator<Verdict> {
    return this.index().values();
  }

  [Symbol.iterator](): MapIterator<[string, Verdict]> {
    return this.entries();
  }
}
