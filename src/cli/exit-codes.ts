// Exit codes (DESIGN.md section 8), for cron jobs and scripts.

export const EXIT = {
  /** Done; nothing needs a human. */
  ok: 0,
  /** Done; something needs a human (a live URL, an overdue request, a reappearance, a candidate). */
  attention: 1,
  /** Bad input or usage; nothing was written. */
  usage: 2,
  /** Internal error: a bug. */
  internal: 3,
  /** Interrupted (Ctrl-C or SIGTERM); finished results are kept and a re-run resumes. */
  interrupted: 130,
} as const;
