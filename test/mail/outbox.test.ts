// The outbox folder: private modes, whole files only, read back byte for byte.
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from '../../src/mail/compose.ts';
import { OUTBOX_NAME_INVALID, listOutbox, readOutboxMessage, writeOutboxMessage } from '../../src/mail/outbox.ts';

let root: string;
let raw: Buffer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'takedown-outbox-'));
  raw = await composeMessage({
    from: { address: 'zoe@example.org' },
    to: ['abuse@host.example'],
    subject: 'Zoë § 223a',
    text: 'Zoë\n',
    messageId: '<R-0001.0123456789abcdef@example.org>',
    date: new Date('2025-03-04T05:06:07Z'),
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function modeOf(path: string): Promise<number> {
  return stat(path).then((info) => info.mode & 0o777);
}

describe('writeOutboxMessage', () => {
  it('creates the folder 0700 and the file 0600, and reads back the same bytes', async () => {
    const dir = join(root, 'new', 'outbox');
    const path = await writeOutboxMessage(dir, 'R-0001.eml', raw);
    expect(path).toBe(join(dir, 'R-0001.eml'));
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(path)).toBe(0o600);
    expect((await readOutboxMessage(dir, 'R-0001.eml')).equals(raw)).toBe(true);
  });

  it('tightens an existing folder and replaces an older copy, leaving no temp files', async () => {
    const dir = join(root, 'existing');
    await mkdir(dir, { mode: 0o755 });
    await writeFile(join(dir, 'R-0002.eml'), 'old', { mode: 0o644 });
    await writeOutboxMessage(dir, 'R-0002.eml', raw);
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(join(dir, 'R-0002.eml'))).toBe(0o600);
    expect((await readOutboxMessage(dir, 'R-0002.eml')).equals(raw)).toBe(true);
    expect(await readdir(dir)).toEqual(['R-0002.eml']);
  });

  it.each(['../escape.eml', 'sub/R-1.eml', '.hidden.eml', 'R-1.txt', 'R 1.eml', ''])('refuses the name %j', async (name) => {
    await expect(writeOutboxMessage(join(root, 'names'), name, raw)).rejects.toMatchObject({ name: 'UserError', code: OUTBOX_NAME_INVALID });
    await expect(readOutboxMessage(join(root, 'names'), name)).rejects.toMatchObject({ code: OUTBOX_NAME_INVALID });
  });
});

describe('listOutbox', () => {
  it('lists .eml files sorted, skipping temp and other files', async () => {
    const dir = join(root, 'listed');
    await writeOutboxMessage(dir, 'R-0010.eml', raw);
    await writeOutboxMessage(dir, 'R-0009.eml', raw);
    await writeFile(join(dir, '.R-0011.eml.abc.tmp'), 'partial');
    await writeFile(join(dir, 'notes.txt'), 'x');
    expect(await listOutbox(dir)).toEqual(['R-0009.eml', 'R-0010.eml']);
  });

  it('is empty for a folder not made yet', async () => {
    expect(await listOutbox(join(root, 'absent'))).toEqual([]);
  });
});
