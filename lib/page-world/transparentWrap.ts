import { apply, defineOwn, looksLike, ownDescriptor } from './pristine';

/**
 * Replace a method with one that reports each call and then behaves exactly like the original:
 * same `this`, arguments, return value, thrown error and callbacks. Our own reporting can never
 * throw into the page. The wrapper is an own property that keeps the enumerability of the method it
 * replaces (non-enumerable when it was inherited), so `Object.keys` and JSON of the object stay as
 * they were; name and length match the original.
 */
export function wrapMethod(
  target: object,
  key: string,
  before: (args: IArguments) => number | null,
  around: { enter(cid: number | null): unknown; leave(token: unknown): void },
): boolean {
  let original: unknown;
  try {
    original = (target as Record<string, unknown>)[key];
  } catch {
    return false;
  }
  if (typeof original !== 'function') return false;
  const fn = original as (...args: unknown[]) => unknown;
  const wrapper = function (this: unknown) {
    let cid: number | null = null;
    try {
      cid = before(arguments);
    } catch {
      cid = null;
    }
    const token = around.enter(cid);
    try {
      // `arguments`, not a rest array: forward exactly what the page passed, holes and length included
      return apply(fn, this, arguments as unknown as unknown[]);
    } finally {
      around.leave(token);
    }
  };
  try {
    looksLike(wrapper, fn);
    // An own method keeps its enumerability (analytics-next's instance has its methods as own,
    // enumerable properties: Object.keys(instance) must not change); an inherited one is shadowed
    // by a non-enumerable own property.
    const own = ownDescriptor(target, key);
    defineOwn(target, key, { value: wrapper, writable: true, configurable: true, enumerable: own ? own.enumerable === true : false });
    return true;
  } catch {
    return false;
  }
}

/**
 * Watch assignments to a window global without changing what the page reads back: an accessor
 * that stores and returns the assigned value, reporting each assignment. Gives up (returns
 * false) when the property exists and cannot be redefined.
 */
export function watchGlobal(win: object, key: string, onSet: (value: unknown) => void): boolean {
  const existing = ownDescriptor(win, key);
  if (existing && (!existing.configurable || existing.get || existing.set)) return false;
  let value: unknown = existing?.value;
  // A global the page has not defined yet stays out of Object.keys(window) / for-in until the page
  // assigns it (an assignment creates an enumerable property); an existing one keeps its flag.
  let enumerable = existing ? existing.enumerable ?? true : false;
  try {
    defineOwn(win, key, {
      configurable: true,
      enumerable,
      get() {
        return value;
      },
      set(next: unknown) {
        value = next;
        if (!enumerable) {
          enumerable = true;
          try {
            defineOwn(win, key, { enumerable: true });
          } catch {
            // keep the accessor as it is
          }
        }
        try {
          onSet(next);
        } catch {
          // reporting must not turn an assignment into an exception
        }
      },
    });
  } catch {
    return false;
  }
  if (existing) onSet(value);
  return true;
}

/** Captured at document_start: a queue's own push may fall back to it after the page replaced Array.prototype.push. */
const arrayPush = Array.prototype.push;

/**
 * Observe items pushed onto a command-queue array (`window.analytics` stub, `$productFruits`)
 * without changing how pushing behaves. `push` becomes an own, non-enumerable accessor: reading
 * it gives a function that reports and then calls whatever push is current; assigning it (as a
 * loaded script does to take over its queue) replaces the inner push and keeps reporting.
 */
export function observeQueue(queue: unknown[], onItem: (item: unknown) => void): boolean {
  let inner: unknown = queue.push;
  const reportingPush = function (this: unknown) {
    for (let i = 0; i < arguments.length; i++) {
      try {
        onItem(arguments[i]);
      } catch {
        // never let reporting break the queue
      }
    }
    const target = typeof inner === 'function' ? inner : arrayPush;
    return apply(target as (...a: unknown[]) => unknown, this, arguments as unknown as unknown[]);
  };
  try {
    looksLike(reportingPush, arrayPush);
    defineOwn(queue, 'push', {
      configurable: true,
      enumerable: false,
      get: () => reportingPush,
      set: (next: unknown) => {
        if (next !== reportingPush) inner = next;
      },
    });
    return true;
  } catch {
    return false;
  }
}
