// Finding the workspace by walking up from a folder, like git.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspace } from '../../src/workspace/find.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'takedown-find-'));
  await mkdir(join(root, 'by-settings', 'cases', 'deep'), { recursive: true });
  await writeFile(join(root, 'by-settings', 'takedown.yaml'), '');
  await mkdir(join(root, 'by-state', '.takedown'), { recursive: true });
  await mkdir(join(root, 'by-state', 'sub'), { recursive: true });
  await mkdir(join(root, 'by-settings', 'inner', '.takedown'), { recursive: true });
  await mkdir(join(root, 'none', 'sub'), { recursive: true });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findWorkspace', () => {
  it.each([
    ['by-settings', 'by-settings'],
    ['by-settings/cases/deep', 'by-settings'],
    ['by-state/sub', 'by-state'],
    ['by-settings/inner', 'by-settings/inner'],
  ])('from %s finds %s', (start, found) => {
    expect(findWorkspace(join(root, start))).toBe(join(root, found));
  });

  it('returns null when no folder above holds a workspace', () => {
    // tmpdir() itself could sit inside a workspace on a developer machine; only assert when it does not.
    const above = findWorkspace(tmpdir());
    expect(findWorkspace(join(root, 'none', 'sub'))).toBe(above);
    if (above === null) expect(findWorkspace(join(root, 'none'))).toBeNull();
  });
});
