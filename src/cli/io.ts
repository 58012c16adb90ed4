// The CLI's window on the process: streams, environment, folder, signals. Tests pass their own.
import { write as fsWrite } from 'node:fs';
import { createInterface } from 'node:readline/promises';

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
  /**
   * Writes without holding up the event loop (a libuv thread waits for a slow reader instead);
   * chunks keep their order, and `flushed` resolves once all are out. Returns a promise when too
   * much waits already: the caller should wait for it. Absent: use `write`.
   */
  queue?(chunk: string): Promise<void> | undefined;
  flushed?(): Promise<void>;
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
  const onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
    stdoutClosed = true;
    if (handlers.size > 0 && interrupts === 0) interrupt();
  };
  process.stdout.on('error', onStdoutError);
  const background = backgroundWriter(1, () => stdoutClosed, (error) => {
    // A pipe closed by its reader stops the command as above; anything else is reported the usual way.
    if (error.code === 'EPIPE') onStdoutError(error);
    else process.stdout.emit('error', error);
  });
  return {
    stdout: {
      write: (chunk: string) => (stdoutClosed ? true : process.stdout.write(chunk)),
      get isTTY() {
        return process.stdout.isTTY;
      },
      // A terminal is written to as it always is; a pipe or a file through the background writer.
      ...(process.stdout.isTTY ? {} : { queue: background.queue, flushed: background.flushed }),
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

// Past this many bytes waiting to be written, queue() asks its caller to wait: a reader that never
// catches up slows the command down instead of filling its memory.
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/**
 * Writes to a file descriptor on libuv's thread pool, one chunk after the other. stdout to a pipe
 * is written synchronously by Node, so a reader that lags (another busy process, a slow `jq`)
 * would hold up the event loop, and with it every exchange in flight; here it holds up a pool
 * thread instead.
 */
function backgroundWriter(
  fd: number,
  closed: () => boolean,
  onError: (error: NodeJS.ErrnoException) => void,
): { queue(chunk: string): Promise<void> | undefined; flushed(): Promise<void> } {
  let queued = 0;
  let tail: Promise<void> = Promise.resolve();
  const writeAll = (bytes: Buffer): Promise<void> =>
    new Promise((resolve) => {
      const next = (at: number): void => {
        if (at >= bytes.length || closed()) {
          resolve();
          return;
        }
        fsWrite(fd, bytes, at, bytes.length - at, null, (error, written) => {
          if (error) {
            onError(error);
            resolve();
          } else next(at + written);
        });
      };
      next(0);
    });
  return {
    queue(chunk) {
      if (closed()) return undefined;
      const bytes = Buffer.from(chunk);
      queued += bytes.length;
      const written = tail.then(() => writeAll(bytes)).then(() => {
        queued -= bytes.length;
      });
      tail = written;
      return queued > MAX_QUEUED_BYTES ? written : undefined;
    },
    flushed: () => tail,
  };
}
