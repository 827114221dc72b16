/** Panel stores for component tests: a live session as the background would answer it. */
import { createPanelStore, type PanelStore, type PanelStoreOptions } from '../../components/panel/store';
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';
import type { SessionDocument } from '../../lib/shared/session/schema';

export const GREY_STATUS: SessionStatus = { light: 'grey', reason: 'Nothing to judge yet.' };

export function liveSession(document: SessionDocument, status: SessionStatus = GREY_STATUS) {
  return { answer: { document, status, epoch: 'test', rev: 1 }, error: null };
}

export function makePanelStore(document: SessionDocument, { status, ...options }: PanelStoreOptions & { status?: SessionStatus } = {}): PanelStore {
  return createPanelStore({ ...options, live: liveSession(document, status) });
}
