// `initWorkspace`: private folders and files, commented files that validate, and never overwriting.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCaseText } from '../../src/case-file/validate.ts';
import { isUserError } from '../../src/core/errors.ts';
import { initWorkspace } from '../../src/workspace/init.ts';
import { DEFAULT_SETTINGS, validateSettingsText } from '../../src/workspace/settings-schema.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'takedown-init-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/** Uncomments the settings lines (`# key:` and `#   ...`), leaving prose and doubly commented examples as comments. */
function uncomment(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^# (\s|[a-z_]+:)/.test(line) ? line.slice(2) : line))
    .join('\n');
}

describe('initWorkspace', () => {
  it('creates a private workspace with a settings file and an example case', async () => {
    const dir = join(root, 'new', 'ws');
    const { created } = await initWorkspace(dir);
    expect(created).toEqual([
      dir,
      join(dir, '.takedown'),
      join(dir, 'cases'),
      join(dir, 'takedown.yaml'),
      join(dir, 'cases', 'example.yaml'),
    ]);
    expect(await mode(join(dir, '.takedown'))).toBe(0o700);
    expect(await mode(join(dir, 'takedown.yaml'))).toBe(0o600);
    expect(await mode(join(dir, 'cases', 'example.yaml'))).toBe(0o600);
  });

  it('writes an example case that validates without any issue', async () => {
    const dir = join(root, 'example');
    await initWorkspace(dir);
    const text = await readFile(join(dir, 'cases', 'example.yaml'), 'utf8');
    const result = validateCaseText(text, 'example.yaml');
    expect(result.issues).toEqual([]);
    expect(result.case?.subject.minorAtCreation).toBe(false);
    expect(result.case?.targets.map((target) => target.url)).toEqual([
      'https://tube.example/video/123',
      'https://forum.example/thread/55#post-9',
    ]);
    expect(text).toMatch(/minor_at_creation: false/);
    expect(text).toMatch(/under 18/);
  });

  it('writes settings that give the defaults, commented or uncommented', async () => {
    const dir = join(root, 'settings');
    await initWorkspace(dir);
    const text = await readFile(join(dir, 'takedown.yaml'), 'utf8');
    expect(validateSettingsText(text, 'takedown.yaml')).toEqual({ settings: DEFAULT_SETTINGS, issues: [] });
    const live = uncomment(text);
    expect(live).toMatch(/^check:\n {2}# How many URLs/m);
    expect(live).toMatch(/^ {2}concurrency: 16$/m);
    // Uncommented, the check and notices sections are the defaults; sender, smtp and rdap are examples to edit.
    expect(validateSettingsText(live, 'takedown.yaml')).toEqual({
      settings: {
        ...DEFAULT_SETTINGS,
        sender: { name: 'A. Lawyer', email: 'takedowns@lawfirm.example' },
        smtp: { ...DEFAULT_SETTINGS.smtp, host: 'smtp.lawfirm.example', port: 587, user: 'takedowns@lawfirm.example' },
        rdap: { bootstrapUrl: 'https://data.iana.org/rdap/' },
        notify: { email: ['lawyer@lawfirm.example'], webhook: 'https://hooks.lawfirm.example/takedown', webhookSecretEnv: 'TAKEDOWN_WEBHOOK_SECRET' },
      },
      issues: [],
    });
  });

  it('refuses a folder that already has takedown.yaml and changes nothing', async () => {
    const dir = join(root, 'existing');
    await mkdir(dir);
    await writeFile(join(dir, 'takedown.yaml'), 'check: {}\n');
    const error = await initWorkspace(dir).catch((caught: unknown) => caught);
    expect(isUserError(error) && error.code).toBe('WORKSPACE_EXISTS');
    expect(await readFile(join(dir, 'takedown.yaml'), 'utf8')).toBe('check: {}\n');
    await expect(stat(join(dir, '.takedown'))).rejects.toThrow();
  });

  it('keeps an existing cases/example.yaml and state folder', async () => {
    const dir = join(root, 'partial');
    await mkdir(join(dir, 'cases'), { recursive: true });
    await mkdir(join(dir, '.takedown'));
    await writeFile(join(dir, 'cases', 'example.yaml'), 'mine\n');
    const { created } = await initWorkspace(dir);
    expect(created).toEqual([join(dir, 'takedown.yaml')]);
    expect(await readFile(join(dir, 'cases', 'example.yaml'), 'utf8')).toBe('mine\n');
  });
});
