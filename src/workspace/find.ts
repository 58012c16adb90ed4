// Finds the workspace a command runs in by walking up from a folder, like git finds its repository.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest folder at or above `startDir` holding `takedown.yaml` or `.takedown/`, or null. */
export function findWorkspace(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    if (existsSync(join(dir, 'takedown.yaml')) || existsSync(join(dir, '.takedown'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
