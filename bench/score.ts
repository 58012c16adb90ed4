// Scores a tool's answers against the synthetic web's truth: per kind, correct / wrong, false and missed removals.
import { isGone, type CheckState } from '../src/core/states.ts';
import { KIND_NAMES, truthOf, type Kind } from './synthetic.ts';

/** What a tool said about one URL: a label (a takedown state, or linkinator's mapped OK/BROKEN) and whether that means gone. */
export interface Answer {
  label: string;
  gone: boolean;
  reason?: string;
  detail?: string;
  /** takedown only: time spent on the URL, retries and waits included, and the attempts made. */
  durationMs?: number;
  attempts?: number;
}

export interface Truth {
  url: string;
  kind: Kind;
  host: number;
}

export interface KindScore {
  kind: Kind;
  truth: CheckState;
  n: number;
  correct: number;
  /** Gone / not-gone decided right, whatever the exact state. */
  decisionRight: number;
  falseRemovals: number;
  missedRemovals: number;
  missing: number;
  /** Sums over the answers that reported a duration (takedown's). */
  timed: number;
  durationMsSum: number;
  attemptsSum: number;
  /** The wrong answers, `label (reason)` -> count. */
  wrong: Map<string, number>;
}

export interface ToolScore {
  n: number;
  answered: number;
  correct: number;
  decisionRight: number;
  falseRemovals: number;
  missedRemovals: number;
  byKind: KindScore[];
  falseRemovalSamples: { url: string; kind: Kind; label: string; reason?: string; detail?: string }[];
}

/**
 * `isCorrect` says whether a label is the right answer for a truth state; takedown must name the exact
 * state, linkinator can only say BROKEN (mapped to gone) or OK (mapped to live).
 */
export function scoreTool(truths: readonly Truth[], answers: ReadonlyMap<string, Answer>, isCorrect: (truth: CheckState, label: string) => boolean): ToolScore {
  const byKind = new Map<Kind, KindScore>();
  for (const kind of KIND_NAMES) {
    byKind.set(kind, { kind, truth: truthOf(kind), n: 0, correct: 0, decisionRight: 0, falseRemovals: 0, missedRemovals: 0, missing: 0, timed: 0, durationMsSum: 0, attemptsSum: 0, wrong: new Map() });
  }
  const score: ToolScore = { n: 0, answered: 0, correct: 0, decisionRight: 0, falseRemovals: 0, missedRemovals: 0, byKind: [], falseRemovalSamples: [] };
  for (const t of truths) {
    const k = byKind.get(t.kind);
    if (!k) continue;
    const truth = truthOf(t.kind);
    const truthGone = isGone(truth);
    k.n++;
    score.n++;
    const answer = answers.get(t.url);
    if (!answer) {
      k.missing++;
      if (truthGone) {
        k.missedRemovals++;
        score.missedRemovals++;
      }
      continue;
    }
    score.answered++;
    if (answer.durationMs !== undefined) {
      k.timed++;
      k.durationMsSum += answer.durationMs;
      k.attemptsSum += answer.attempts ?? 1;
    }
    if (isCorrect(truth, answer.label)) {
      k.correct++;
      score.correct++;
    } else {
      const key = answer.reason ? `${answer.label} (${answer.reason})` : answer.label;
      k.wrong.set(key, (k.wrong.get(key) ?? 0) + 1);
    }
    if (answer.gone === truthGone) {
      k.decisionRight++;
      score.decisionRight++;
    } else if (answer.gone) {
      k.falseRemovals++;
      score.falseRemovals++;
      if (score.falseRemovalSamples.length < 25) {
        score.falseRemovalSamples.push({ url: t.url, kind: t.kind, label: answer.label, reason: answer.reason, detail: answer.detail });
      }
    } else {
      k.missedRemovals++;
      score.missedRemovals++;
    }
  }
  score.byKind = [...byKind.values()].filter((k) => k.n > 0);
  return score;
}

export function takedownCorrect(truth: CheckState, label: string): boolean {
  return truth === label;
}

/** linkinator's BROKEN is read as gone and OK as live; it has no way to say blocked or unreachable. */
export function linkinatorCorrect(truth: CheckState, label: string): boolean {
  if (isGone(truth)) return label === 'gone';
  if (truth === 'live') return label === 'live';
  return false;
}

export function linkinatorAnswer(state: string, status: number): Answer {
  if (state === 'BROKEN') return { label: 'gone', gone: true, reason: `BROKEN ${status}` };
  if (state === 'OK') return { label: 'live', gone: false, reason: `OK ${status}` };
  return { label: 'skipped', gone: false, reason: state };
}

/** Kinds whose time is spent waiting on the server (time-outs, dribbled bodies, Retry-After, back-off), not on the checker's CPU. */
// The kinds whose requests stay open for seconds: a per-host slot is held only while a request is (not while a check
// sleeps before a retry), so these are what per-host concurrency makes the others wait for.
export const WAITING_KINDS: ReadonlySet<Kind> = new Set(['hang', 'live-slow']);

/**
 * A lower bound on the wall time that per-host concurrency alone imposes: on each host, the time its waiting URLs
 * took, divided by the requests allowed in flight per host; the busiest host sets the bound. CPU work is left out.
 */
export function waitFloorS(truths: readonly Truth[], answers: ReadonlyMap<string, Answer>, perHost: number): number {
  const perHostMs = new Map<number, number>();
  for (const t of truths) {
    if (!WAITING_KINDS.has(t.kind)) continue;
    const ms = answers.get(t.url)?.durationMs;
    if (ms !== undefined) perHostMs.set(t.host, (perHostMs.get(t.host) ?? 0) + ms);
  }
  return Math.max(0, ...perHostMs.values()) / perHost / 1000;
}
