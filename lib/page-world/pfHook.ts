/**
 * Product Fruits in the page: the current snippet (`$productFruits` command queue, `init`,
 * `updateUserData`), the legacy one (`productFruitsUser`, `?c=` script URL, `identifyUser`),
 * readiness, the PF user each time it is set, and PF's own events through its public listen APIs
 * and `api.analytics.forwardEvent`. Subscriptions are dropped when PF is destroyed and renewed
 * when it becomes ready again.
 */
import { apply, defineOwn, endsWith, indexIn, isArray, matches, objectKeys, sliceOf, urlParser, PristineWeakSet } from './pristine';
import { PF_LISTEN_EVENTS, type PfListenModule } from '../shared/pf/listenEvents';
import type { PageRecorder } from './pageRecorder';
import { snapshot, snapshotList } from './snapshot';
import { observeQueue, watchGlobal, wrapMethod } from './transparentWrap';
import { idText, readProp } from '../shared/values';
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const PF_HOST = /productfruits/i;

export interface PfHook {
  /** a script element was added to the document: the legacy snippet names its workspace in `?c=` */
  onScript(src: string): void;
}

export function installPfHook(win: Window & typeof globalThis, rec: PageRecorder): PfHook {
  let info = { snippet: null as 'v2' | 'legacy' | null, workspaceCode: null as string | null, language: null as string | null, ready: false };
  let unsubscribes: (() => void)[] = [];
  const wrapped = new PristineWeakSet<object>();
  const noRecording = { enter: () => null, leave: () => undefined };
  const parse = urlParser(win);

  /** workspace code from a legacy snippet's `script.js?c=<code>` URL */
  let legacyCode: string | null = null;

  function report(patch: Partial<typeof info>): void {
    const next = { ...info, ...patch };
    if (next.snippet !== null && next.workspaceCode === null) next.workspaceCode = legacyCode;
    if (next.snippet === info.snippet && next.workspaceCode === info.workspaceCode && next.language === info.language && next.ready === info.ready) return;
    info = next;
    rec.record({ kind: 'pf', ...info });
  }

  function userSet(via: string, user: unknown): void {
    rec.record({ kind: 'pf-user', at: rec.now(), via, user: snapshot(user) });
  }

  function onCommand(item: unknown): void {
    if (!isArray(item)) return;
    const command: unknown = item[0];
    const rest = sliceOf(item as unknown[], 1);
    if (command === 'init') {
      report({ snippet: 'v2', workspaceCode: str(rest[0]) ?? info.workspaceCode, language: str(rest[1]) ?? info.language });
      userSet('init', rest[2] ?? null);
    } else if (command === 'updateUserData') {
      userSet('updateUserData', rest[0] ?? null);
    }
  }

  function pfEvent(module: string, event: string, args: ArrayLike<unknown>): void {
    rec.record({ kind: 'pf-event', cid: rec.nextId(), at: rec.now(), module, event, args: snapshotList(args, args.length) });
  }

  function unsubscribeAll(): void {
    for (let i = 0; i < unsubscribes.length; i++) {
      try {
        unsubscribes[i]!();
      } catch {
        // PF already tore it down
      }
    }
    unsubscribes = [];
  }

  function subscribe(): void {
    unsubscribeAll();
    const pf = readProp(win, 'productFruits');
    const api = readProp(pf, 'api');
    const modules = objectKeys(PF_LISTEN_EVENTS) as PfListenModule[];
    for (let m = 0; m < modules.length; m++) {
      const module = modules[m]!;
      const events = PF_LISTEN_EVENTS[module];
      const listen = readProp(readProp(api, module), 'listen');
      if (typeof listen !== 'function') continue;
      for (let e = 0; e < events.length; e++) {
        const event = events[e]!;
        try {
          const off = apply(listen as (...a: unknown[]) => unknown, readProp(api, module), [event, function () {
            pfEvent(module, event, arguments);
          }]);
          if (typeof off === 'function') unsubscribes[unsubscribes.length] = off as () => void;
        } catch {
          // a module that rejects this event name
        }
      }
    }
    // forwardEvent hands over every PF analytics event, names not known in advance included.
    // Assumption: PF keeps every registered callback; if it kept only the last, the app's own
    // registration (made after ours) wins, which keeps the page working.
    const analyticsApi = readProp(api, 'analytics');
    const forward = readProp(analyticsApi, 'forwardEvent');
    if (typeof forward === 'function') {
      try {
        const off = apply(forward as (...a: unknown[]) => unknown, analyticsApi, [(name: unknown, data: unknown) => pfEvent('analytics', idText(name) ?? 'unknown', [data])]);
        if (typeof off === 'function') unsubscribes[unsubscribes.length] = off as () => void;
      } catch {
        // not available in this PF version
      }
    }
    const services = readProp(pf, 'services');
    if (services && typeof services === 'object' && !wrapped.has(services)) {
      wrapped.add(services);
      wrapMethod(services, 'destroy', () => {
        unsubscribeAll();
        report({ ready: false });
        return null;
      }, noRecording);
    }
  }

  function onProductFruitsObject(pf: unknown): void {
    if (!pf || typeof pf !== 'object') return;
    if (readProp(pf, 'scrV') === '2') report({ snippet: 'v2' });
    const language = str(readProp(pf, 'language'));
    if (language) report({ language });
    if (!wrapped.has(pf)) {
      wrapped.add(pf);
      watchIdentifyUser(pf);
    }
  }

  /** Legacy `productFruits.identifyUser(user)`, defined by PF's script on the object at any time. */
  function watchIdentifyUser(pf: object): void {
    const hook = (fn: unknown) => {
      if (typeof fn === 'function') {
        wrapMethod(pf, 'identifyUser', (args) => {
          userSet('identifyUser', args[0] ?? null);
          return null;
        }, noRecording);
      }
    };
    if (typeof readProp(pf, 'identifyUser') === 'function') hook(readProp(pf, 'identifyUser'));
    else {
      try {
        watchGlobal(pf, 'identifyUser', (fn) => {
          // Restore a plain data property first, then wrap it like any other method.
          defineOwn(pf, 'identifyUser', { value: fn, writable: true, configurable: true, enumerable: true });
          hook(fn);
        });
      } catch {
        // frozen object: legacy user changes after load are not seen
      }
    }
  }

  function onReady(): void {
    const pf = readProp(win, 'productFruits');
    onProductFruitsObject(pf);
    report({ ready: true });
    subscribe();
  }

  watchGlobal(win, '$productFruits', (queue) => {
    if (isArray(queue)) {
      // The current snippet makes this queue before anything else, even with no user yet; a legacy
      // page's PF script makes one too, after the legacy globals said what the page is.
      report({ snippet: info.snippet ?? 'v2' });
      for (let i = 0; i < queue.length; i++) onCommand(queue[i]);
      observeQueue(queue, onCommand);
    }
  });
  watchGlobal(win, 'productFruits', onProductFruitsObject);
  watchGlobal(win, 'productFruitsUser', (user) => {
    report({ snippet: 'legacy' });
    userSet('productFruitsUser', user ?? null);
  });
  win.addEventListener('productfruits_ready', onReady);

  return {
    onScript(src) {
      // no `c=<code>` without an `=`: inline scripts and most others are done here, before any URL parsing
      if (indexIn(src, '=') === -1) return;
      try {
        const url = parse(src, String(win.location.href));
        const code = url.param('c');
        const fromPf = matches(PF_HOST, url.hostname);
        if (!code || !(fromPf || endsWith(url.pathname, '/script.js'))) return;
        legacyCode = code;
        // A script.js?c= alone is weak evidence: it names PF's workspace only once PF shows up.
        if (info.snippet !== null || fromPf) report({ snippet: info.snippet ?? 'legacy', workspaceCode: info.workspaceCode ?? code });
      } catch {
        // not a URL
      }
    },
  };
}
