// The notification a batch of changes becomes: an email's subject and text, a webhook's JSON. Pure.
//
// They name cases, URLs and requests, never the person depicted or the case's facts: a
// notification leaves the machine, and it carries only what tells its reader where to look.
import type { ChangeRow } from '../store/index.ts';
import { changeLines, changeRecord } from './report.ts';

const MAX_LINES = 200;

export function notificationSubject(changes: readonly ChangeRow[]): string {
  const attention = changes.filter((c) => c.attention).length;
  const n = changes.length;
  const what = `${n} change${n === 1 ? '' : 's'}`;
  return attention === 0 ? `takedown: ${what}, none needs you` : `takedown: ${attention} of ${what} need${attention === 1 ? 's' : ''} you`;
}

export function notificationText(changes: readonly ChangeRow[], batch: string): string {
  const cases = [...new Set(changes.map((c) => c.caseId))].sort();
  return [
    `takedown sweep found ${changes.length} change${changes.length === 1 ? '' : 's'} in case${cases.length === 1 ? '' : 's'} ${cases.join(', ')}.`,
    'Lines in capitals need someone; drafts are never sent by the sweep.',
    '',
    ...changeLines(changes, MAX_LINES),
    '',
    'In the workspace, "takedown status" shows where each case stands.',
    `(notification ${batch}: if it arrives twice, the second is a repeat of the first)`,
    '',
  ].join('\n');
}

/** The webhook body: one JSON document per batch; `batch` is also sent as Idempotency-Key. */
export function webhookBody(changes: readonly ChangeRow[], batch: string): string {
  return JSON.stringify({
    type: 'takedown.sweep.changes',
    batch,
    attention: changes.filter((c) => c.attention).length,
    changes: changes.map(changeRecord),
  });
}
