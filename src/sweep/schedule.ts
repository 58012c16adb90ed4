// Which URLs a sweep checks: each is due a set time after its last check, by where it stands.
// Pure. Live and unconfirmed-gone URLs come round often, confirmed-gone ones less often but
// always again (removed content comes back), and URLs that could not be seen back off.
import type { CheckState } from '../core/states.ts';
import type { Phase } from './watch.ts';

/** Intervals in hours (settings `sweep.every`). */
export interface SweepSchedule {
  live: number;
  /** Seen gone once, waiting for the second check that confirms it. */
  unconfirmed: number;
  confirmed: number;
  /** After the first blocked or unreachable check; doubles with each one after it ... */
  unseen: number;
  /** ... up to this. */
  unseenMax: number;
  /** Between two readings of a case's watch places (default DISCOVER_EVERY_HOURS). */
  discover?: number;
}

/** Under a day, like live URLs: a nightly sweep that starts a little early still reads them. */
export const DISCOVER_EVERY_HOURS = 20;

export interface DueInput {
  phase: Phase;
  lastState: CheckState | null;
  lastCheckedAt: string | null;
  /** Consecutive blocked or unreachable checks up to the last one. */
  unseenCount: number;
}

/** Why a URL is checked at this interval, for the dry-run and the report. */
export const DUE_CLASSES = ['new', 'live', 'unconfirmed', 'confirmed', 'unseen'] as const;
export type DueClass = (typeof DUE_CLASSES)[number];

const HOUR_MS = 3_600_000;

export function dueClass(input: DueInput): DueClass {
  if (input.lastCheckedAt === null) return 'new';
  // A confirmed removal that a site now hides behind a wall is no more urgent than before.
  if ((input.lastState === 'blocked' || input.lastState === 'unreachable') && input.phase !== 'confirmed') return 'unseen';
  if (input.phase === 'confirmed') return 'confirmed';
  if (input.phase === 'gone') return 'unconfirmed';
  return 'live';
}

/** Hours between the last check and the next, for this URL. */
export function intervalHours(input: DueInput, schedule: SweepSchedule): number {
  switch (dueClass(input)) {
    case 'new':
      return 0;
    case 'unseen': {
      const doublings = Math.min(Math.max(input.unseenCount - 1, 0), 30);
      return Math.min(schedule.unseenMax, schedule.unseen * 2 ** doublings);
    }
    case 'confirmed':
      return schedule.confirmed;
    case 'unconfirmed':
      return schedule.unconfirmed;
    case 'live':
      return schedule.live;
  }
}

/** When the URL is due (ms since the epoch); never-checked URLs are due since forever. */
export function dueAtMs(input: DueInput, schedule: SweepSchedule): number {
  if (input.lastCheckedAt === null) return Number.NEGATIVE_INFINITY;
  return Date.parse(input.lastCheckedAt) + intervalHours(input, schedule) * HOUR_MS;
}

export function isDue(input: DueInput, schedule: SweepSchedule, now: Date): boolean {
  return dueAtMs(input, schedule) <= now.getTime();
}

export interface DueCandidate {
  targetId: number;
  dueAtMs: number;
}

/**
 * The URLs to check in this run: the most overdue first (never-checked ones before all),
 * at most `cap` of them (null: no cap). Ties go by target id, so a capped run is repeatable.
 */
export function pickDue<T extends DueCandidate>(candidates: readonly T[], cap: number | null): { picked: T[]; deferred: number } {
  const sorted = [...candidates].sort((a, b) => a.dueAtMs - b.dueAtMs || a.targetId - b.targetId);
  if (cap === null || sorted.length <= cap) return { picked: sorted, deferred: 0 };
  return { picked: sorted.slice(0, cap), deferred: sorted.length - cap };
}

/** Whether a case's watch places are due to be read again, `lastAt` being when they last were (null: never). */
export function discoveryDue(lastAt: string | null, schedule: Pick<SweepSchedule, 'discover'>, now: Date): boolean {
  if (lastAt === null) return true;
  return Date.parse(lastAt) + (schedule.discover ?? DISCOVER_EVERY_HOURS) * HOUR_MS <= now.getTime();
}
