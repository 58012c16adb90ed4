// Creates a workspace: private state folder, commented settings and an example case. Never overwrites.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../core/errors.ts';
import { EXAMPLE_CASE, SETTINGS_TEMPLATE } from './init-files.ts';
import { SETTINGS_FILE } from './settings.ts';

async function makeFolder(path: string, created: string[]): Promise<void> {
  if (existsSync(path)) return;
  await mkdir(path, { recursive: true, mode: 0o700 });
  // mkdir's mode passes through the umask; the state is private whatever the umask says.
  await chmod(path, 0o700);
  created.push(path);
}

/** Writes a new file; a file that already exists is left as it is and not listed as created. */
async function writeNew(path: string, text: string, created: string[]): Promise<void> {
  try {
    await writeFile(path, text, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  await chmod(path, 0o600);
  created.push(path);
}

export async function initWorkspace(dir: string): Promise<{ created: string[] }> {
  const root = resolve(dir);
  const settingsPath = join(root, SETTINGS_FILE);
  if (existsSync(settingsPath)) {
    throw new UserError('WORKSPACE_EXISTS', `${settingsPath} already exists: ${root} is already a workspace; nothing was changed`);
  }
  const created: string[] = [];
  await makeFolder(root, created);
  await makeFolder(join(root, '.takedown'), created);
  await makeFolder(join(root, 'cases'), created);
  await writeNew(settingsPath, SETTINGS_TEMPLATE, created);
  await writeNew(join(root, 'cases', 'example.yaml'), EXAMPLE_CASE, created);
  return { created };
}
