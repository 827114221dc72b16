/** The toolbar badge for a tab: its event count, coloured like the identity status light. */
import type { StatusLight } from '../shared/identity/sessionStatus';
import { STATUS_LIGHTS } from '../shared/statusLights';

export const LIGHT_COLOURS = Object.fromEntries(
  Object.entries(STATUS_LIGHTS).map(([light, look]) => [light, look.colour]),
) as Record<StatusLight, string>;

export function badgeText(count: number): string {
  if (count <= 0) return '';
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(count / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (count < 1_000_000) return `${Math.floor(count / 1000)}k`;
  return `${Math.floor(count / 1_000_000)}M`;
}
