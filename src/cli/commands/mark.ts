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

/**
 * `2026-11-21T14:05`, `2026-11-21 14:05:30`, `2026-11-21` (midnight), each in this machine's local
 * time, or with an explicit zone (`Z`, `+01:00`) in that zone.
 */
export function parseWhen(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  const bad = (): never => {
    throw new UserError('BAD_TIME', `--at "${text}" is not a time; use e.g. 2026-11-21T14:05 (local time) or 2026-11-21T14:05Z`);
  };
  if (m === null) return bad();
  const [, y, mo, d, h = '00', mi = '00', sec = '00', zone] = m;
  const parts = [y, mo, d, h, mi, sec].map(Number) as [number, number, number, number, number, number];
  const date =
    zone === undefined
      ? new Date(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5])
      : new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}${zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  // new Date(2026, 1, 31) silently becomes 3 March: refuse dates that do not exist.
  const overflowed = date.getMonth() !== parts[1] - 1 || date.getDate() !== parts[2] || date.getHours() !== parts[3] || date.getMinutes() !== parts[4];
  if (Number.isNaN(date.getTime()) || (zone === undefined && overflowed) || parts[1] > 12 || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return bad();
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
