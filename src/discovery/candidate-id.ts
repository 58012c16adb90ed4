// Candidate ids as people see and type them: C-0042. The store keeps the number.

export function formatCandidateId(id: number): string {
  return `C-${String(id).padStart(4, '0')}`;
}

/** `C-0042`, `c-42`, `C42` or `42` -> 42; anything else -> undefined. */
export function parseCandidateId(text: string): number | undefined {
  const match = /^(?:c-?)?0*(\d{1,9})$/i.exec(text.trim());
  if (match === null) return undefined;
  const id = Number(match[1]);
  return id > 0 ? id : undefined;
}
