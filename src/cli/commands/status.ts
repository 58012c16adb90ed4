// `takedown status [CASE...]`: URLs by state, requests by status, what is overdue, and the next step.
import { systemClock } from '../../core/clock.ts';
import { caseStatus, formatStatusText, type CaseStatus } from '../../reports/status-report.ts';
import { latestStates, listRequests, openStore, upsertCase, syncTargets } from '../../store/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format } from '../output.ts';
import { openWorkspace } from '../context.ts';
import { selectCases } from '../notice-wiring.ts';

export interface StatusOptions {
  workspace?: string;
  format?: Format;
  quiet?: boolean;
}

export async function runStatus(io: CliIo, names: readonly string[], options: StatusOptions): Promise<number> {
  const out = createOutput(io, options);
  const workspace = await openWorkspace(io, options.workspace);
  const cases = await selectCases(io, workspace, names);
  const store = openStore(workspace.dbPath, { clock: systemClock });
  const statuses: CaseStatus[] = [];
  try {
    for (const c of cases) {
      // The case file is the truth about which URLs are in the case; bring the store in step.
      store.transaction(() => {
        upsertCase(store, { id: c.id, ...(c.title === undefined ? {} : { title: c.title }), file: c.file, minor: c.subject.minorAtCreation });
        syncTargets(store, c.id, c.targets.map((t) => ({ url: t.url, ...(t.note === undefined ? {} : { note: t.note }) })));
      });
      // The target rows keep their last state; no need to read every URL's newest check row.
      const targets = latestStates(store, c.id);
      const requests = listRequests(store, { caseIds: [c.id] }).map((r) => ({ ...r, targetIds: r.targets.map((t) => t.targetId) }));
      statuses.push(caseStatus({ caseId: c.id, ...(c.title === undefined ? {} : { title: c.title }), targets, requests }, systemClock.now()));
    }
  } finally {
    store.close();
  }
  const shown = options.quiet ? statuses.filter((s) => s.needsHuman) : statuses;
  if (out.format === 'json') out.out(JSON.stringify(shown, null, 2));
  else if (out.format === 'ndjson') for (const s of shown) out.out(JSON.stringify(s));
  else if (shown.length > 0) out.out(formatStatusText(shown).trimEnd());
  return statuses.some((s) => s.needsHuman) ? EXIT.attention : EXIT.ok;
}
