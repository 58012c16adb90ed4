// The workspace's random id: made once, kept across re-opens, different in every workspace.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, workspaceId } from '../../src/store/index.ts';
import { steppingClock, tempDir } from './helpers.ts';
import type { TempDir } from './helpers.ts';

let dir: TempDir;

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  dir.remove();
});

describe('workspaceId', () => {
  it('is made on first use and read back unchanged after the database is opened again', () => {
    const path = join(dir.path, 'a.db');
    const first = openStore(path, { clock: steppingClock() });
    const id = workspaceId(first);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(workspaceId(first)).toBe(id);
    first.close();
    const again = openStore(path, { clock: steppingClock() });
    expect(workspaceId(again)).toBe(id);
    again.close();
  });

  it('differs between two workspaces', () => {
    const a = openStore(join(dir.path, 'a.db'), { clock: steppingClock() });
    const b = openStore(join(dir.path, 'b.db'), { clock: steppingClock() });
    expect(workspaceId(a)).not.toBe(workspaceId(b));
    a.close();
    b.close();
  });
});
