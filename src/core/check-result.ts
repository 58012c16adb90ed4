// One observation of one URL: the state, why, and the evidence behind it.
import type { CheckState, Reason } from './states.ts';
import type { RedirectHop } from './http-types.ts';

export interface CheckResult {
  /** The target URL as normalised from the case file. */
  url: string;
  state: CheckState;
  reason: Reason;
  /** Human detail: the marker that matched, the error code, the redirect target. */
  detail: string;
  /** Id of the provider definition that matched the URL, if any. */
  providerId: string | null;
  /** Final HTTP status, null when no answer came. */
  httpStatus: number | null;
  finalUrl: string | null;
  redirects: RedirectHop[];
  contentType: string | null;
  /** sha256 (hex) of the decoded body as read, null when no body was read. */
  bodySha256: string | null;
  bodyBytes: number;
  truncated: boolean;
  /** ISO time the check started. */
  checkedAt: string;
  durationMs: number;
  /** How many attempts were made (retries of transient failures included). */
  attempts: number;
}
