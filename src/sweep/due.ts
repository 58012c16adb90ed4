// The URLs due in this sweep, read from the store row by row and put through the schedule.
import type { Store } from '../store/index.ts';
import { sweepTargets } from '../store/index.ts';
import { dueAtMs, dueClass, pickDue } from './schedule.ts';
import type { DueClass, SweepSchedule } from './schedule.ts';

export interface DueTarget {
  targetId: number;
  caseId: string;
  url: string;
  dueAtMs: number;
  why: DueClass;
}

export interface DueSelection {
  /** In the order to check them: most overdue first. */
  due: DueTarget[];
  /** Due, by why. */
  byClass: Partial<Record<DueClass, number>>;
  /** Active URLs not due yet. */
  notDue: number;
  /** Due but left for the next run by the cap. */
  deferred: number;
  /** Already checked in the run being resumed. */
  alreadyChecked: number;
}

export function selectDue(
  store: Store,
  caseIds: readonly string[],
  schedule: SweepSchedule,
  now: Date,
  options: { cap: number | null; checkedInRun?: ReadonlySet<number> },
): DueSelection {
  const candidates: DueTarget[] = [];
  let notDue = 0;
  let alreadyChecked = 0;
  for (const row of sweepTargets(store, caseIds)) {
    if (options.checkedInRun?.has(row.targetId)) {
      alreadyChecked += 1;
      continue;
    }
    const at = dueAtMs(row, schedule);
    if (at > now.getTime()) {
      notDue += 1;
      continue;
    }
    candidates.push({ targetId: row.targetId, caseId: row.caseId, url: row.url, dueAtMs: at, why: dueClass(row) });
  }
  // A resumed run's cap counts what it already checked.
  const cap = options.cap === null ? null : Math.max(options.cap - alreadyChecked, 0);
  const { picked, deferred } = pickDue(candidates, cap);
  const byClass: Partial<Record<DueClass, number>> = {};
  for (const t of picked) byClass[t.why] = (byClass[t.why] ?? 0) + 1;
  return { due: picked, byClass, notDue, deferred, alreadyChecked };
}
