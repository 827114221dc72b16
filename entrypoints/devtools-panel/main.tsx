import { createRoot } from 'react-dom/client';
import { inspectedTabId, PanelPage, themeName } from './PanelPage';
import { openPanelStore } from './openPanelStore';

// The tab's first rows are asked for before React's first render, which is scheduled, not run here.
const tabId = inspectedTabId();
const opening = openPanelStore(tabId, themeName());
createRoot(document.getElementById('root')!).render(<PanelPage tabId={tabId} opening={opening} />);
