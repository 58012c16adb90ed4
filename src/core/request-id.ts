// Request ids as people see and type them: R-0042. The store keeps the number.

export function formatRequestId(id: number): string {
  return `R-${String(id).padStart(4, '0')}`;
}

/** `R-0042`, `r-42`, `R42` or `42` -> 42; anything else -> undefined. */
export function parseRequestId(text: string): number | undefined {
  const match = /^(?:r-?)?0*(\d{1,9})$/i.exec(text.trim());
  if (match === null) return undefined;
  const id = Number(match[1]);
  return id > 0 ? id : undefined;
}
