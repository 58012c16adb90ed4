// When a check is kept as evidence: the `evidence.capture` setting, the URL's history and its new state.

export const CAPTURE_SETTINGS = ['always', 'change', 'never'] as const;
/** `change` (the default): a URL's first capture and every change of state; `always`: every check. */
export type CaptureSetting = (typeof CAPTURE_SETTINGS)[number];

export type CaptureCause = 'first' | 'change' | 'always';

export interface CaptureFacts {
  /** The URL already has a capture (earlier, or earlier in this run). */
  captured: boolean;
  /** The URL's state before this check; null when it was never checked. */
  previousState: string | null;
  state: string;
}

/** Why this check is captured, or null when it is not. */
export function captureCause(setting: CaptureSetting, facts: CaptureFacts): CaptureCause | null {
  if (setting === 'never') return null;
  // A URL checked before evidence existed still gets a first capture, so every URL has one.
  if (!facts.captured) return 'first';
  if (facts.previousState !== facts.state) return 'change';
  return setting === 'always' ? 'always' : null;
}
