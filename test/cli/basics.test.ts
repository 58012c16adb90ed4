// The CLI in process: help, version, usage errors, init and validate, with their exit codes.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('usage', () => {
  it('prints the version and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCli(['--version'], { cwd: dir.path });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it('prints help listing every command and exits 0', async () => {
    const run = await runCli(['--help'], { cwd: dir.path });
    expect(run.code).toBe(0);
    for (const command of ['init', 'validate', 'check', 'providers', 'demo']) expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('Exit codes');
  });

  it.each([
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['check', '--concurrency', 'abc'], 'expected a whole number from 1 to 512, got "abc"'],
    [['check', '--concurrency', '0'], 'expected a whole number from 1 to 512, got "0"'],
    [['check', '--timeout', '-3'], 'expected a number of seconds above 0 and at most 3600, got "-3"'],
    [['check', '--format', 'xml'], "Allowed choices are text, json, ndjson"],
    [['check', '--bogus'], "unknown option '--bogus'"],
  ])('%j is a usage error: exit 2', async (argv, message) => {
    const run = await runCli(argv, { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('check outside a workspace says how to make one: exit 2', async () => {
    const run = await runCli(['check'], { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no takedown workspace here');
    expect(run.stderr).toContain('takedown init');
  });
});

describe('init and validate', () => {
  it('init creates a private workspace whose example validates', async () => {
    const ws = join(dir.path, 'ws');
    const init = await runCli(['init', ws], { cwd: dir.path });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('cases/example.yaml');
    expect(statSync(join(ws, '.takedown')).mode & 0o777).toBe(0o700);
    expect(statSync(join(ws, 'takedown.yaml')).mode & 0o777).toBe(0o600);

    const validate = await runCli(['validate'], { cwd: ws });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/^ok .*example\.yaml: case /m);
  });

  it('init refuses to overwrite an existing workspace: exit 2', async () => {
    await runCli(['init', dir.path], { cwd: dir.path });
    const before = readFileSync(join(dir.path, 'takedown.yaml'), 'utf8');
    const again = await runCli(['init', dir.path], { cwd: dir.path });
    expect(again.code).toBe(2);
    expect(readFileSync(join(dir.path, 'takedown.yaml'), 'utf8')).toBe(before);
  });

  it('validate reports every problem with file:line:col and exits 2, writing nothing', async () => {
    const file = join(dir.path, 'bad.yaml');
    writeFileSync(
      file,
      ['case:', '  id: c1', '  subjct: {}', 'urls:', '  - ftp://files.example/a', '  - https://ok.example/b', ''].join('\n'),
    );
    const run = await runCli(['validate', file], { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:3:3 case.subjct: unknown key; did you mean "subject"?`);
    expect(run.stderr).toMatch(new RegExp(`${file}:5:5 urls\\[0\\]: .*ftp://files.example/a`));
    expect(existsSync(join(dir.path, '.takedown'))).toBe(false);
  });

  it('validate --format json gives one document', async () => {
    await runCli(['init', dir.path], { cwd: dir.path });
    const run = await runCli(['validate', '--format', 'json'], { cwd: dir.path });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { ok: boolean; files: { ok: boolean; urls: number }[] };
    expect(doc.ok).toBe(true);
    expect(doc.files[0]?.urls).toBeGreaterThan(0);
  });
});

describe('more bad input', () => {
  const caseText = (id: string): string =>
    ['case:', `  id: ${id}`, '  subject: { minor_at_creation: false }', '  claimant: { role: subject }', '  jurisdictions: [US]', '  facts: { consent: none }', 'urls:', '  - https://tube.example/v/1', ''].join('\n');

  it('validate reports a case id used by two files: exit 2', async () => {
    writeFileSync(join(dir.path, 'a.yaml'), caseText('same'));
    writeFileSync(join(dir.path, 'b.yaml'), caseText('same'));
    const run = await runCli(['validate', 'a.yaml', 'b.yaml'], { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('case id "same" is used by both');
  });

  it('--workspace naming a file says so: exit 2', async () => {
    writeFileSync(join(dir.path, 'a.yaml'), caseText('one'));
    const run = await runCli(['check', '--workspace', 'a.yaml'], { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--workspace a.yaml: is a file, not a folder');
  });

  it.each([
    [['providers', 'show'], 'providers show needs a provider id'],
    [['providers', 'show', 'youtubee'], 'no provider with id "youtubee"; did you mean "youtube"?'],
    [['providers', 'frob'], 'unknown providers action "frob"'],
  ])('%j is a usage error', async (argv, message) => {
    const run = await runCli(argv, { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('providers lint takes a single file and names it in its messages', async () => {
    writeFileSync(join(dir.path, 'bad.yaml'), 'id: bad\nname: Bad\nkind: platfrom\n');
    const run = await runCli(['providers', 'lint', 'bad.yaml'], { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(dir.path, 'bad.yaml')}:3:7 kind:`);
  });

  it('providers lint passes the built-in definitions', async () => {
    const run = await runCli(['providers', 'lint'], { cwd: dir.path });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ provider definition\(s\) in .*providers: ok$/m);
  });
});
