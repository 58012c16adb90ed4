// Runs the CLI in process with captured output, and gives each test its own temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  options: {
    cwd: string;
    env?: Record<string, string>;
    interrupt?: (trigger: () => void) => void;
    /** The answers to confirmation questions, in order; none means nobody is at a terminal. */
    answers?: boolean[];
    /** Receives each question asked. */
    asked?: string[];
  },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd,
    onInterrupt(handler) {
      options.interrupt?.(handler);
      return () => undefined;
    },
    confirm: async (question) => {
      options.asked?.push(question);
      if (options.answers === undefined) return null;
      return options.answers.shift() ?? false;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'takedown-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
