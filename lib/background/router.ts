/**
 * Routes runtime messages by sender first, as React DevTools and Redux DevTools do: the sender
 * says which kind of context spoke, and only that direction's messages are accepted from it.
 * What arrives is then validated against that direction's schema; anything else is ignored.
 *
 * What the browsers give (Chrome 156, Firefox 153): our content script has `sender.id` equal to
 * ours, `sender.tab`, and the frame's web URL; our extension pages have `sender.id` equal to ours
 * and a URL under the extension's origin, with `sender.tab` too when opened as a tab (tests do
 * that), without it in a DevTools panel or popup. Other extensions and web pages reach
 * `onMessageExternal`, not this listener; the id check stays anyway.
 */
import {
  parseContentMessage,
  parsePageMessage,
  type ContentAnswers,
  type ContentMessage,
  type Failure,
  type Handlers,
  type PageAnswers,
  type PageMessage,
} from '../shared/messages';

export interface MessageSender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  /** 0 for the tab's top frame (Chrome, Firefox) */
  frameId?: number;
  /** the sending document (Chrome only) */
  documentId?: string;
}

interface OwnRuntime {
  id: string;
  getURL(path: string): string;
}

type Speaker = { kind: 'content'; frame: ContentContext } | { kind: 'page' };

function speakerOf(sender: MessageSender, runtime: OwnRuntime): Speaker | null {
  if (sender.id !== runtime.id) return null;
  if (sender.url?.startsWith(runtime.getURL('/'))) return { kind: 'page' };
  const tabId = sender.tab?.id;
  if (typeof tabId === 'number' && tabId >= 0) {
    // The browser says which frame and document spoke; nothing in the message can change that.
    const frameId = typeof sender.frameId === 'number' ? sender.frameId : -1;
    return { kind: 'content', frame: { tabId, frameId, documentId: sender.documentId ?? null, url: sender.url ?? '' } };
  }
  return null;
}

export interface ContentContext {
  /** the tab the content script runs in: a batch only ever adds to its own tab */
  tabId: number;
  /** the frame it runs in: only frame 0, the top frame, may set the page's facts */
  frameId: number;
  /** the document it runs in, when the browser says (Chrome) */
  documentId: string | null;
  /** the frame's URL as the browser knows it */
  url: string;
}

type PageContext = Record<never, never>;

export interface Routes {
  content: Handlers<ContentMessage, ContentAnswers, ContentContext>;
  page: Handlers<PageMessage, PageAnswers, PageContext>;
}

type Respond = (answer: unknown) => void;

function dispatch<M extends { type: string }, C>(message: M | null, handlers: { [K in M['type']]: (message: never, context: C) => Promise<unknown> }, context: C, respond: Respond): boolean {
  if (!message) return false;
  // The schema's variant guarantees that `message` is the member its `type` names, which is what
  // the handler under that name takes; TypeScript cannot correlate the two through an index.
  const handler = handlers[message.type as M['type']] as (message: M, context: C) => Promise<unknown>;
  handler(message, context).then(respond, (error: unknown) => {
    const failure: Failure = { ok: false, error: String((error as Error)?.message ?? error) };
    respond(failure);
  });
  return true;
}

/**
 * A `runtime.onMessage` listener. It answers with `sendResponse` and returns true: an answer
 * returned as a Promise is dropped by WXT's fake browser, and this works in Chrome, Firefox and
 * the polyfill alike.
 */
export function createRouter(runtime: OwnRuntime, routes: Routes): (raw: unknown, sender: MessageSender, sendResponse: Respond) => boolean {
  return (raw, sender, sendResponse) => {
    const speaker = speakerOf(sender, runtime);
    if (speaker?.kind === 'content') return dispatch(parseContentMessage(raw), routes.content, speaker.frame, sendResponse);
    if (speaker?.kind === 'page') return dispatch(parsePageMessage(raw), routes.page, {}, sendResponse);
    return false;
  };
}
