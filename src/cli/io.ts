// The CLI's window on the process: streams, environment, folder, signals. Tests pass their own.
import { createInterface } from 'node:readline/promises';

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Registers a handler for Ctrl-C / SIGTERM; returns a function that removes it. */
  onInterrupt(handler: () => void): () => void;
  /**
   * Asks a yes/no question on the terminal. Resolves true only for an explicit yes; null when
   * nobody can answer (stdin is not a terminal), so that scripts must say --yes.
   */
  confirm(question: string): Promise<boolean | null>;
}

/** A terminal question on stdin/stderr (stdout stays for results). */
async function askOnTerminal(question: string): Promise<boolean | null> {
  if (!process.stdin.isTTY) return null;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * The real process. Ctrl-C or SIGTERM asks the running command to stop cleanly (it saves what it
 * finished); a second one exits at once. A closed stdout (`takedown check | head -1`) counts as
 * the first: nothing more can be shown, so the command stops and keeps its results.
 */
export function processIo(): CliIo {
  const handlers = new Set<() => void>();
  let interrupts = 0;
  let stdoutClosed = false;
  const interrupt = (): void => {
    interrupts++;
    if (interrupts > 1 || handlers.size === 0) process.exit(130);
    for (const handler of handlers) handler();
  };
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutClosed = true;
    if (handlers.size > 0 && interrupts === 0) interrupt();
  });
  return {
    stdout: {
      write: (chunk: string) => (stdoutClosed ? true : process.stdout.write(chunk)),
      get isTTY() {
        return process.stdout.isTTY;
      },
    },
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    confirm: askOnTerminal,
    onInterrupt(handler) {
      handlers.add(handler);
      if (handlers.size === 1) {
        process.on('SIGINT', interrupt);
        process.on('SIGTERM', interrupt);
      }
      return () => {
        handlers.delete(handler);
        if (handlers.size === 0) {
          process.off('SIGINT', interrupt);
          process.off('SIGTERM', interrupt);
        }
      };
    },
  };
}
