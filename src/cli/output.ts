// Where the CLI writes: results on stdout, messages on stderr; colour only for a terminal and
// never when NO_COLOR is set (https://no-color.org).
import { Chalk, type ChalkInstance } from 'chalk';
import type { CliIo } from './io.ts';

export type Format = 'text' | 'json' | 'ndjson';

export interface Output {
  format: Format;
  quiet: boolean;
  color: ChalkInstance;
  /** A line of results on stdout. */
  out(line: string): void;
  /** A message on stderr (progress, notes, warnings). */
  err(line: string): void;
  /** Whether progress may be drawn (stderr is a terminal, not quiet). */
  interactive: boolean;
  io: CliIo;
}

export function createOutput(io: CliIo, options: { format?: Format; quiet?: boolean }): Output {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  const level = noColor ? 0 : forced || io.stdout.isTTY ? 1 : 0;
  const quiet = options.quiet ?? false;
  return {
    format: options.format ?? 'text',
    quiet,
    color: new Chalk({ level }),
    out: (line) => io.stdout.write(`${line}\n`),
    err: (line) => io.stderr.write(`${line}\n`),
    interactive: Boolean(io.stderr.isTTY) && !quiet,
    io,
  };
}
