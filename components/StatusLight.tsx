/**
 * The session's status light, the same in the popup, the panel's Identity tab and the identity
 * view: colours from lib/shared/statusLights.ts (which the badge uses too), drawn by statusLight.css.
 * Without a reason it is the bare dot (on a tab, next to its label).
 */
import type { CSSProperties } from 'react';
import type { StatusLight as Light } from '../lib/shared/identity/sessionStatus';
import { STATUS_LIGHTS } from '../lib/shared/statusLights';
import './statusLight.css';

export interface StatusLightProps {
  light: Light;
  /** the sentence that explains the light; omitted for the bare dot */
  reason?: string;
  /** announce changes to screen readers (the popup, where the light is the news) */
  live?: boolean;
}

function lookOf(light: Light): CSSProperties {
  const look = STATUS_LIGHTS[light];
  return { '--light-colour': look.colour, '--light-colour-dark': look.darkColour } as CSSProperties;
}

export function StatusLight({ light, reason, live = false }: StatusLightProps) {
  if (reason === undefined) return <span className="status-light__dot status-light__dot--small" style={lookOf(light)} aria-hidden="true" />;
  return (
    <p className={`status-light status-light--${light}`} role={live ? 'status' : undefined}>
      <span className="status-light__dot" style={lookOf(light)} role="img" aria-label={STATUS_LIGHTS[light].label} />
      <span className="status-light__reason">{reason}</span>
    </p>
  );
}
