/**
 * The detail pane for one event: its three payload stages (with Built→Sent differences
 * marked), delivery, identity verdict and link to the other side.
 */
import { useMemo } from 'react';
import type { SessionEvent } from '../../lib/shared/session/schema';
import { stageDiff } from '../../lib/extension-pages/panel/stageDiff';
import { useShallow } from 'zustand/react/shallow';
import { usePanelStore } from './store';
import { DETAIL_TABS, detailTabsFor } from './detailTabs';
import { StageView } from './StageView';
import { DeliveryView } from './DeliveryView';
import { IdentityView } from './IdentityView';
import { LinkView } from './LinkView';
import { SourceBadge } from './Marks';
import { WebhookView } from './WebhookView';
import { zoneLabel } from '../../lib/extension-pages/panel/time';
import { Timestamp, useTimeHeading } from './Timestamp';
import { stepTab } from '../../lib/extension-pages/panel/listKeys';

export interface EventDetailProps {
  event: SessionEvent;
  /** the event `event.pfLink` points to, if still in the session */
  linked: SessionEvent | null;
}

export function EventDetail({ event, linked }: EventDetailProps) {
  const { chosenTab, onTabChange, select, onClose } = usePanelStore(
    useShallow((s) => ({ chosenTab: s.detailTab, onTabChange: s.setDetailTab, select: s.select, onClose: s.clearSelection })),
  );
  const onSelectEvent = (id: string) => select(id, true);
  const timeHeading = useTimeHeading(zoneLabel(new Date(event.capturedAt)));
  // On a PF event a chosen Webhook tab falls back to Called.
  const tabIds = detailTabsFor(event);
  const tabs = DETAIL_TABS.filter(({ id }) => tabIds.includes(id));
  const tab = tabs.some(({ id }) => id === chosenTab) ? chosenTab : 'called';
  const diff = useMemo(
    () => (event.built != null && event.sent != null ? stageDiff(event.built, event.sent) : undefined),
    [event.built, event.sent],
  );
  return (
    <section className="event-detail" aria-label="Event detail">
      <header className="event-detail__header">
        <SourceBadge source={event.source} />
        <span className="event-detail__title">
          #{event.seq} {event.type}
          {event.name !== null ? ` — ${event.name}` : ''}
        </span>
        {event.replayed && <span className="tag" title="Called before the library loaded, replayed from the snippet queue">replayed</span>}
        <button type="button" className="icon-button" aria-label="Close detail" onClick={onClose}>
          ×
        </button>
      </header>
      <p className="event-detail__meta">
        <Timestamp iso={event.capturedAt} /> ({timeHeading}) · <span className="wrap">{event.pageUrl}</span>
        {event.frameUrl ? ` · frame ${event.frameUrl}` : ''}
      </p>
      <div className="tabs" role="tablist" aria-label="Event stages">
        {tabs.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`detail-tab-${id}`}
            aria-selected={tab === id}
            aria-controls="detail-tabpanel"
            className={tab === id ? 'tab tab--active' : 'tab'}
            onClick={() => onTabChange(id)}
            onKeyDown={(e) => {
              // Arrow keys move between tabs, as in any tablist, and take the focus along.
              if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
              e.preventDefault();
              const next = stepTab(tabIds, tab, e.key === 'ArrowRight' ? 1 : -1);
              onTabChange(next);
              document.getElementById(`detail-tab-${next}`)?.focus();
            }}
          >
            {label}
            {(id === 'built' || id === 'sent') && diff && diff.size > 0 ? ' •' : ''}
          </button>
        ))}
      </div>
      <div className="event-detail__body" role="tabpanel" id="detail-tabpanel" aria-labelledby={`detail-tab-${tab}`}>
        {tab === 'called' && <StageView value={event.args} missing="No arguments recorded." />}
        {tab === 'built' && (
          <StageView
            value={event.built}
            missing="Not seen: the library did not build this call (not loaded, or not a Segment call)."
            diff={diff}
            showKinds={['removed', 'changed']}
            diffNote={diff && `${diff.size} difference${diff.size === 1 ? '' : 's'} between Built and Sent`}
          />
        )}
        {tab === 'sent' && (
          <StageView
            value={event.sent}
            missing="Not seen on the network (not sent yet, blocked, or the request body was unreadable)."
            diff={diff}
            showKinds={['added', 'changed']}
            diffNote={diff && `${diff.size} difference${diff.size === 1 ? '' : 's'} between Built and Sent`}
          />
        )}
        {tab === 'delivery' && <DeliveryView event={event} linked={linked} onSelectEvent={onSelectEvent} />}
        {tab === 'identity' && <IdentityView event={event} />}
        {tab === 'link' && <LinkView event={event} linked={linked} onSelectEvent={onSelectEvent} />}
        {tab === 'webhook' && <WebhookView event={event} />}
      </div>
    </section>
  );
}
