// UserError: a mistake in the user's input, shown without a stack trace and exit code 2.

/** One problem found in a user's file, with its position when known (1-based). */
export interface Issue {
  file: string;
  line?: number;
  col?: number;
  /** Dotted path of the field, e.g. `case.claimant.email` or `urls[3]`. */
  path: string;
  message: string;
  /** `error` fails validation; `note` is shown but does not (e.g. an allow-listed URL excluded). */
  severity: 'error' | 'note';
}

export function formatIssue(issue: Issue): string {
  const pos = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.col ?? 1}`;
  // "file: message" when there is neither a position nor a field to name.
  const path = issue.path ? ` ${issue.path}:` : issue.line === undefined ? ':' : '';
  const tag = issue.severity === 'note' ? ' note:' : '';
  return `${pos}${path}${tag} ${issue.message}`;
}

export class UserError extends Error {
  readonly code: string;
  readonly issues: readonly Issue[];

  constructor(code: string, message: string, issues: readonly Issue[] = []) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    this.issues = issues;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
