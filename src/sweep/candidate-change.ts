// A candidate found in a watch place, as the sweep change that tells a human about it once. Pure.
//
// A change leaves the machine (email, webhook, cron's mail), so it never carries the keyword that
// matched or the words around it: keywords are the person's names and handles. It says where the
// match was; `takedown review`, on this machine, shows the words.
import { formatCandidateId } from '../discovery/candidate-id.ts';
import { dihedralWords } from '../discovery/pdq.ts';
import type { CandidateRow, ChangeInput } from '../store/index.ts';

const FIELDS: Readonly<Record<string, string>> = {
  text: 'the link text',
  title: 'the link’s title',
  alt: 'a picture’s alt text',
  address: 'its address',
  context: 'the text around the link',
};

/** One candidate, one change: the id is the candidate's, so it is told once whatever runs find it. */
export function candidateChange(candidate: CandidateRow): ChangeInput {
  return {
    id: `candidate:${candidate.id}`,
    kind: 'candidate',
    caseId: candidate.caseId,
    attention: true,
    at: candidate.firstSeenAt,
    data: {
      candidate: formatCandidateId(candidate.id),
      url: candidate.url,
      kind: candidate.kind,
      why: candidateWhy(candidate.reasons),
      foundOn: candidate.foundOn,
      watch: candidate.watchUrl,
    },
  };
}

/** Why it was proposed, without the words that matched: each distinct reason once. */
export function candidateWhy(reasons: readonly Record<string, unknown>[]): string[] {
  return [...new Set(reasons.map(reasonSummary))];
}

/** `a case keyword in the link text`, `a picture 12 bits from fingerprint #1, rotate90`. */
export function reasonSummary(reason: Record<string, unknown>): string {
  if (reason['kind'] === 'keyword') return `a case keyword in ${FIELDS[String(reason['field'])] ?? 'the words of the link'}`;
  if (reason['kind'] === 'picture') {
    const fingerprint = `fingerprint #${String(reason['fingerprint'])}`;
    // A link around a matching thumbnail is proposed too, with the thumbnail's address in `picture`.
    const what = reason['picture'] === undefined ? 'a picture' : 'its thumbnail';
    const variant = typeof reason['variant'] === 'string' && reason['variant'] !== 'original' ? `, ${dihedralWords(reason['variant'])}` : '';
    if (reason['exact'] === true) return `${what}: the very same file as ${fingerprint}`;
    return `${what} ${String(reason['distance'])} bits from ${fingerprint}${variant}`;
  }
  return 'a match';
}
