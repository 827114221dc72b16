/**
 * The one table of status-light colours: the toolbar badge, and the light in the popup, panel and
 * identity view (components/StatusLight.tsx). The badge is drawn by the browser on either theme,
 * so it takes the light-theme colour; pages swap to the dark one under [data-theme=dark].
 */
import type { StatusLight } from './identity/sessionStatus';

export interface LightLook {
  /** the light's name, spoken for screen readers */
  label: string;
  colour: string;
  darkColour: string;
}

export const STATUS_LIGHTS: Readonly<Record<StatusLight, LightLook>> = {
  green: { label: 'OK', colour: '#1a7f37', darkColour: '#81c995' },
  amber: { label: 'Warning', colour: '#b7791f', darkColour: '#fdd663' },
  red: { label: 'Problem', colour: '#cf222e', darkColour: '#f28b82' },
  grey: { label: 'Not judged', colour: '#6e7781', darkColour: '#9aa0a6' },
};
