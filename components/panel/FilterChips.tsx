/**
 * Toggle chips for source, type, delivery status and findings, each with its event count, in one
 * Filters row that folds away. PF's two spellings of one event kind (listen's `tour-finished`,
 * forwardEvent's `tour_finished`) share one chip.
 */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EventCounts } from '../../lib/extension-pages/panel/filter';
import { DELIVERY_STATUSES, EVENT_SOURCES, type EventSource } from '../../lib/shared/vocabulary';
import { pfKind } from '../../lib/extension-pages/panel/pfGroups';
import { useLayout } from './layoutStore';
import { selectShownStatus, usePanelStore } from './store';

const SOURCE_LABELS: Record<EventSource, string> = { segment: 'Segment', productfruits: 'Product Fruits' };

interface TypeChip {
  label: string;
  types: string[];
}

/** Segment types as they are; PF types merged by kind and labelled with it. */
function typeChips(types: readonly string[], pfTypes: ReadonlySet<string>): TypeChip[] {
  const chips = new Map<string, TypeChip>();
  for (const type of types) {
    const label = pfTypes.has(type) ? `PF ${pfKind(type)}` : type;
    const chip = chips.get(label) ?? { label, types: [] };
    chip.types.push(type);
    chips.set(label, chip);
  }
  return [...chips.values()];
}

export function FilterChips({ counts, pfTypes }: { counts: EventCounts; pfTypes: ReadonlySet<string> }) {
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
  const light = usePanelStore((s) => selectShownStatus(s)?.light ?? null);
  const open = useLayout((s) => s.filtersOpen);
  const toggleOpen = useLayout((s) => s.toggleFilters);
  const active = [filter.sources, filter.types, filter.statuses].reduce((n, set) => n + (set?.size ?? 0), filter.hasFindings ? 1 : 0);
  const toggleChip = (chip: TypeChip) => {
    const on = chip.types.every((type) => filter.types?.has(type) ?? false);
    for (const type of chip.types) if ((filter.types?.has(type) ?? false) === on) onToggleType(type);
  };
  return (
    <div className="filters">
      <button type="button" className="filters__fold" aria-expanded={open} aria-controls="filter-chips" onClick={toggleOpen}>
        {open ? '▾' : '▸'} Filters{active > 0 ? ` (${active} on)` : ''}
      </button>
      <div className="chips" role="group" aria-label="Filters" id="filter-chips" hidden={!open}>
      <ChipGroup label="Source">
        {EVENT_SOURCES.map((source) => (
          <Chip key={source} label={SOURCE_LABELS[source]} count={counts.sources.get(source) ?? 0} active={filter.sources?.has(source) ?? false} onToggle={() => onToggleSource(source)} />
        ))}
      </ChipGroup>
      <ChipGroup label="Type">
        {typeChips(types, pfTypes).map((chip) => (
          <Chip
            key={chip.label}
            label={chip.label}
            count={chip.types.reduce((n, type) => n + (counts.types.get(type) ?? 0), 0)}
            active={chip.types.every((type) => filter.types?.has(type) ?? false)}
            onToggle={() => toggleChip(chip)}
          />
        ))}
      </ChipGroup>
      <ChipGroup label="Delivery">
        {DELIVERY_STATUSES.map((status) => (
          <Chip key={status} label={status} count={counts.statuses.get(status) ?? 0} active={filter.statuses?.has(status) ?? false} onToggle={() => onToggleStatus(status)} tone={status} />
        ))}
      </ChipGroup>
      <ChipGroup label="Identity">
        <Chip
          label="has findings"
          count={counts.hasFindings}
          active={filter.hasFindings}
          onToggle={onToggleHasFindings}
          tone={light && `light-${light}`}
          title={findingsTitle(counts)}
        />
      </ChipGroup>
      </div>
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

/** Page-level findings are no event's, so the chip says where they are. */
function findingsTitle({ hasFindings, pageFindings }: EventCounts): string {
  const events = hasFindings - pageFindings;
  const onEvents = `${events} event${events === 1 ? '' : 's'} with findings`;
  return pageFindings === 0 ? onEvents : `${onEvents} and ${pageFindings} page finding${pageFindings === 1 ? '' : 's'} (listed in the page overview)`;
}

interface ChipProps {
  label: string;
  count: number;
  active: boolean;
  onToggle: () => void;
  /** a delivery status, or `light-<colour>` for the headline light's */
  tone?: string | null;
  title?: string;
}

function Chip({ label, count, active, onToggle, tone, title }: ChipProps) {
  return (
    <button
      type="button"
      title={title}
      className={['chip', active && 'chip--active', tone && `chip--${tone}`].filter(Boolean).join(' ')}
      aria-pressed={active}
      onClick={onToggle}
    >
      {label} <span className="chip__count">{count}</span>
    </button>
  );
}
