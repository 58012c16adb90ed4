// `takedown mark ID filed|acknowledged|resolved|refused|expired`: records what happened outside the
// tool — a web form filed, a reply, a ticket number — so the clocks and the next steps stay right.
import { systemClock } from '../../core/clock.ts';
import { UserError } from '../../core/errors.ts';
import { formatRequestId, parseRequestId } from '../../core/request-id.ts';
import { didYouMean } from '../../case-file/did-you-mean.ts';
import { MARK_ACTIONS, markRequest, type MarkAction } from '../../requests/mark.ts';
import { openStore } from '../../store/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format } from '../output.ts';
import { openWorkspace, workspaceProviders } from '../context.ts';

export interface MarkOptions {
  workspace?: string;
  format?: Format;
  ref?: string;
  at?: string;
  note?: string;
}

/** `2026-11-21T14:05`, `2026-11-21 14:05`, a full ISO time or a date; local time unless a zone is given. */
export function parseWhen(text: string): Date {
  const trimmed = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed);
  const date = iso ? new Date(trimmed.replace(' ', 'T')) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new UserError('BAD_TIME', `--at "${text}" is not a time; use e.g. 2026-11-21T14:05 or 2026-11-21T14:05Z`);
  }
  return date;
}

export async function runMark(io: CliIo, idText: string, action: string, options: MarkOptions): Promise<number> {
  const out = createOutput(io, options);
  const id = parseRequestId(idText);
  if (id === undefined) throw new UserError('BAD_REQUEST_ID', `"${idText}" is not a request id (they look like R-0001)`);
  if (!(MARK_ACTIONS as readonly string[]).includes(action)) {
    const hint = didYouMean(action, MARK_ACTIONS);
    throw new UserError(
      'BAD_ACTION',
      `"${action}" is not something a request can be marked; use one of ${MARK_ACTIONS.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`,
    );
  }
  const at = options.at === undefined ? undefined : parseWhen(options.at);
  const workspace = await openWorkspace(io, options.workspace);
  const providers = await workspaceProviders(workspace);
  const store = openStore(workspace.dbPath, { clock: systemClock });
  try {
    const row = markRequest(
      { store, clock: systemClock, providers, followUpDays: workspace.settings.notices.followUpDays },
      {
        id,
        action: action as MarkAction,
        ...(options.ref === undefined ? {} : { ref: options.ref }),
        ...(at === undefined ? {} : { at }),
        ...(options.note === undefined ? {} : { note: options.note }),
      },
    );
    if (out.format !== 'text') {
      out.out(JSON.stringify({ id: formatRequestId(row.id), status: row.status, ticket: row.ticket, deadline: row.deadlineAt }));
    } else {
      const deadline = row.status === 'sent' && row.deadlineAt ? `; deadline ${row.deadlineAt} (${row.deadlineRule})` : '';
      out.out(`${formatRequestId(row.id)} is now ${row.status}${row.ticket ? ` (ticket ${row.ticket})` : ''}${deadline}`);
    }
    return EXIT.ok;
  } finally {
    store.close();
  }
}
