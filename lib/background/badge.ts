/** The toolbar badge for a tab: its event count, coloured like the identity status light. */
import type { StatusLight } from '../shared/identity/sessionStatus';

export const LIGHT_COLOURS: Record<StatusLight, string> = {
  green: '#1a7f37',
  amber: '#b7791f',
  red: '#cf222e',
  grey: '#6e7781',
};

export function badgeText(count: number): string {
  if (count <= 0) return '';
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(count / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (count < 1_000_000) return `${Math.floor(count / 1000)}k`;
  return `${Math.floor(count / 1_000_000)}M`;
}
