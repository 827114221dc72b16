import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { PopupApp } from '@/components/popup/PopupApp';
import { browserMessenger } from '../../lib/extension-pages/browserMessenger';
import { useTabSession } from '../../components/useTabSession';
import { canRunOn } from '../../lib/extension-pages/pageAccess';

/** The popup stands on its own where the DevTools panel does not appear. */
function Popup() {
  const [tabId, setTabId] = useState<number | null>(null);
  const [noTab, setNoTab] = useState(false);
  useEffect(() => {
    const fromQuery = new URLSearchParams(location.search).get('tabId');
    if (fromQuery && /^\d+$/.test(fromQuery)) setTabId(Number(fromQuery));
    else void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => (tab?.id === undefined ? setNoTab(true) : setTabId(tab.id)));
  }, []);
  const { answer, error } = useTabSession(browserMessenger, tabId);
  // undefined until known; null when the browser does not tell (no "tabs" permission): then a tab
  // the page hook never reported from (no URL, no events) is taken for a page no extension may run on
  const [pageUrl, setPageUrl] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (tabId !== null) void browser.tabs.get(tabId).then((tab) => setPageUrl(tab.url ?? null), () => setPageUrl(null));
  }, [tabId]);
  const openFullView = () => {
    if (tabId !== null) void browser.tabs.create({ url: `${browser.runtime.getURL('/devtools-panel.html')}?tabId=${tabId}` });
  };
  const openDiagnose = () => void browser.tabs.create({ url: browser.runtime.getURL('/diagnose.html') });
  // Until the background answers (or says it cannot), "can't be inspected" would be a guess.
  const loading = !noTab && error === null && answer === null;
  return (
    <PopupApp
      session={noTab ? null : (answer?.document ?? null)}
      loading={loading}
      error={noTab ? null : error}
      status={answer?.status ?? null}
      onOpenFullView={openFullView}
      onDiagnose={openDiagnose}
      restricted={isRestricted(pageUrl, answer?.document ?? null)}
    />
  );
}

function isRestricted(pageUrl: string | null | undefined, document: { page: { url: string }; events: unknown[] } | null): boolean {
  if (pageUrl === undefined) return false;
  if (pageUrl !== null) return !canRunOn(pageUrl);
  return document !== null && document.page.url === '' && document.events.length === 0;
}

createRoot(document.getElementById('root')!).render(<Popup />);
