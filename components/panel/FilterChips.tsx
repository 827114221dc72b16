/** Toggle chips for source, type, delivery status and findings, each with its event count. */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EventCounts } from '../../lib/extension-pages/panel/filter';
import { DELIVERY_STATUSES, EVENT_SOURCES, type EventSource } from '../../lib/shared/vocabulary';
import { usePanelStore } from './store';

const SOURCE_LABELS: Record<EventSource, string> = { segment: 'Segment', productfruits: 'Product Fruits' };

export function FilterChips({ counts }: { counts: EventCounts }) {
  const { filter, onToggleSource, onToggleType, onToggleStatus, onToggleHasFindings } = usePanelStore(
    useShallow((s) => ({
      filter: s.filter,
      onToggleSource: s.toggleSource,
      onToggleType: s.toggleType,
      onToggleStatus: s.toggleStatus,
      onToggleHasFindings: s.toggleHasFindings,
    })),
  );
  const types = [...counts.types.keys()].sort();
  // Keep chips for active filters even when their count dropped to 0 (e.g. after Clear), so they can be turned off.
  for (const type of filter.types ?? []) if (!counts.types.has(type)) types.push(type);
  return (
    <div className="chips" role="group" aria-label="Filters">
      <ChipGroup label="Source">
        {EVENT_SOURCES.map((source) => (
          <Chip key={source} label={SOURCE_LABELS[source]} count={counts.sources.get(source) ?? 0} active={filter.sources?.has(source) ?? false} onToggle={() => onToggleSource(source)} />
        ))}
      </ChipGroup>
      <ChipGroup label="Type">
        {types.map((type) => (
          <Chip key={type} label={type} count={counts.types.get(type) ?? 0} active={filter.types?.has(type) ?? false} onToggle={() => onToggleType(type)} />
        ))}
      </ChipGroup>
      <ChipGroup label="Delivery">
        {DELIVERY_STATUSES.map((status) => (
          <Chip key={status} label={status} count={counts.statuses.get(status) ?? 0} active={filter.statuses?.has(status) ?? false} onToggle={() => onToggleStatus(status)} tone={status} />
        ))}
      </ChipGroup>
      <ChipGroup label="Identity">
        <Chip label="has findings" count={counts.hasFindings} active={filter.hasFindings} onToggle={onToggleHasFindings} />
      </ChipGroup>
    </div>
  );
}

function ChipGroup({ label, children }: { label: string; children: ReactNode }) {
  return (
    <span className="chips__group" role="group" aria-label={label}>
      <span className="chips__label">{label}</span>
      {children}
    </span>
  );
}

interface ChipProps {
  label: string;
  count: number;
  active: boolean;
  onToggle: () => void;
  tone?: string;
}

function Chip({ label, count, active, onToggle, tone }: ChipProps) {
  return (
    <button
      type="button"
      className={['chip', active && 'chip--active', tone && `chip--${tone}`].filter(Boolean).join(' ')}
      aria-pressed={active}
      onClick={onToggle}
    >
      {label} <span className="chip__count">{count}</span>
    </button>
  );
}
