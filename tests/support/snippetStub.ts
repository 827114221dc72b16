/** Segment's snippet stub, for tests of the page-world hook in happy-dom. */
type AnyFn = (...args: unknown[]) => unknown;
const w = window as unknown as Record<string, unknown>;

/** The stub part of Segment's snippet 5.2, as pages ship it. */
export function runSnippet(key: string): unknown[] {
  const analytics = ((w[key] as unknown[]) = (w[key] as unknown[]) || []) as unknown[] & Record<string, unknown>;
  analytics.invoked = true;
  analytics.methods = ['trackSubmit', 'trackClick', 'trackLink', 'trackForm', 'pageview', 'identify', 'reset', 'group', 'track', 'ready', 'alias', 'debug', 'page', 'screen', 'once', 'off', 'on', 'addSourceMiddleware', 'addIntegrationMiddleware', 'setAnonymousId', 'addDestinationMiddleware', 'register'];
  analytics.factory = (e: string) =>
    function (...rest: unknown[]) {
      const current = w[key] as Record<string, unknown>;
      if (current.initialized) return (current[e] as AnyFn).apply(current, rest);
      const n: unknown[] = Array.prototype.slice.call(rest);
      if (['track', 'screen', 'alias', 'group', 'page', 'identify'].indexOf(e) > -1) {
        n.push({ __t: 'bpc', c: undefined, p: location.pathname, u: location.href, s: location.search, t: document.title, r: document.referrer });
      }
      n.unshift(e);
      analytics.push(n);
      return analytics;
    };
  for (const m of analytics.methods as string[]) analytics[m] = (analytics.factory as (m: string) => AnyFn)(m);
  analytics._writeKey = 'wk-stub';
  analytics.SNIPPET_VERSION = '5.2.1';
  return analytics;
}
