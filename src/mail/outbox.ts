// A folder of .eml files: each written whole or not at all (temp file, then rename), private to the user.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../core/errors.ts';

export const OUTBOX_NAME_INVALID = 'OUTBOX_NAME_INVALID';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
// One plain file name: no folders, no hidden or temp names, so a name can never reach outside the folder.
const EML_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.eml$/;

function checkName(name: string): void {
  if (!EML_NAME.test(name)) {
    throw new UserError(OUTBOX_NAME_INVALID, `an outbox file name must be letters, digits, dots, dashes or underscores ending in .eml, like R-0001.eml (got ${JSON.stringify(name)})`);
  }
}

async function syncFolder(dir: string): Promise<void> {
  // Makes the rename itself durable. Some platforms cannot open a folder for syncing; the file is already synced.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    return;
  }
}

/** Writes `raw` as `dir/name` (replacing an older copy in one step) and returns the path. The folder is made 0700, the file 0600. */
export async function writeOutboxMessage(dir: string, name: string, raw: Buffer): Promise<string> {
  checkName(name);
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  // mkdir leaves an existing folder's mode alone, and the umask may have widened a new one.
  await chmod(dir, DIR_MODE);
  const path = join(dir, name);
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    try {
      await handle.writeFile(raw);
      await handle.chmod(FILE_MODE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dir);
  return path;
}

export async function readOutboxMessage(dir: string, name: string): Promise<Buffer> {
  checkName(name);
  return readFile(join(dir, name));
}

/** The .eml files in the folder, sorted; none when the folder does not exist yet. */
export async function listOutbox(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((name) => EML_NAME.test(name)).sort();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
}
