// The entry point: runs one command line and returns the exit code; never throws.
import { CommanderError } from 'commander';
import { formatIssue, isUserError } from '../core/errors.ts';
import { EXIT } from './exit-codes.ts';
import { processIo, type CliIo } from './io.ts';
import { buildProgram } from './program.ts';
import { ISSUES_URL, VERSION } from './version.ts';

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const result = { code: EXIT.ok as number };
  const program = buildProgram(io, (code) => {
    result.code = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (unknown option, missing argument, --help).
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isUserError(error)) {
    for (const issue of error.issues) io.stderr.write(`${formatIssue(issue)}\n`);
    io.stderr.write(`takedown: ${error.message}\n`);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `takedown ${VERSION}: internal error — this is a bug, please report it with the lines below at ${ISSUES_URL}\n${detail}\n`,
  );
  return EXIT.internal;
}
