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
  const fsProblem = fileSystemProblem(error);
  if (fsProblem) {
    io.stderr.write(`takedown: ${fsProblem}\n`);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `takedown ${VERSION}: internal error — this is a bug, please report it with the lines below at ${ISSUES_URL}\n${detail}\n`,
  );
  return EXIT.internal;
}

// Errors the machine gives about a file or folder the user named or owns (permissions, a full
// disk, a file where a folder should be): the user's to fix, so no stack trace and exit 2.
const FILE_SYSTEM_CODES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
};

function fileSystemProblem(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string') return null;
  const what = FILE_SYSTEM_CODES[e.code];
  return what ? `${e.path}: ${what} (${e.syscall ?? 'access'} ${e.code})` : null;
}
