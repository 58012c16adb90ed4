// Real spawns of bin/takedown.js: the Node version guard, the demo, and an internal error.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

const BIN = new URL('../../bin/takedown.js', import.meta.url).pathname;
// The machine's own Node (older than 24 on the project's machines), found outside node_modules.
const SYSTEM_NODE = ['/usr/bin/node', '/usr/local/bin/node', '/bin/node'].find((p) => {
  if (!existsSync(p)) return false;
  const v = spawnSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
  return Number(v.split('.')[0]) < 24;
});

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function run(args: string[], node = process.execPath): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(node, [BIN, ...args], { cwd: dir.path, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/takedown.js', () => {
  it('prints its version under Node 24', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('runs as its own program (the #! line, as npx and npm link start it) with the young-generation cap, gc exposed and the malloc setting', () => {
    const show = 'process.stderr.write(process.execArgv.concat(process.env.MALLOC_MMAP_THRESHOLD_).join())';
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--import=data:text/javascript,${show}` };
    delete env['MALLOC_MMAP_THRESHOLD_'];
    const r = spawnSync(BIN, ['--version'], { cwd: dir.path, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(r.stderr).toContain('--max-semi-space-size=4');
    expect(r.stderr).toContain('--expose-gc');
    expect(r.stderr).toMatch(/,32768$/); // MALLOC_MMAP_THRESHOLD_
  });

  it('has a sh shim that starts Node with the same settings as the #! line', () => {
    const show = 'process.stderr.write(process.execArgv.concat(process.env.MALLOC_MMAP_THRESHOLD_).join())';
    // (NODE_OPTIONS splits on spaces and takes quotes: the code above has neither.) The shim runs the first `node` on PATH: this test's own Node 24.
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`, NODE_OPTIONS: `--import=data:text/javascript,${show}` };
    delete env['MALLOC_MMAP_THRESHOLD_'];
    const r = spawnSync(join(dirname(BIN), 'takedown'), ['--version'], { cwd: dir.path, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(r.stderr).toContain('--max-semi-space-size=4');
    expect(r.stderr).toContain('--expose-gc');
    expect(r.stderr).toMatch(/,32768$/); // MALLOC_MMAP_THRESHOLD_
  });

  it.skipIf(!SYSTEM_NODE)('refuses an older Node in one line with exit 2', () => {
    const r = run(['--version'], SYSTEM_NODE);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/takedown needs Node\.js 24 or newer \(this is v\d+/);
  });

  it('runs the demo end to end with no network: exit 0 and every state shown', () => {
    const r = run(['demo', '--dir', join(dir.path, 'demo')]);
    expect(r.code, r.stderr).toBe(0);
    for (const state of ['live', 'removed', 'soft-removed', 'redirected', 'legal-block', 'blocked', 'unreachable']) {
      expect(r.stdout).toMatch(new RegExp(`^${state}\\s`, 'm'));
    }
    expect(r.stdout).toContain(`The demo workspace is ${join(dir.path, 'demo')}`);
    expect(existsSync(join(dir.path, 'demo', '.takedown', 'takedown.db'))).toBe(true);
    // draft, send to the local sink, status
    expect(r.stdout).toMatch(/Case demo-001: \d+ new requests/);
    expect(r.stdout).toMatch(/sent +R-0001 to legal@tube\.demo\.test/);
    expect(r.stdout).toMatch(/The sink received 1 message: legal@tube\.demo\.test/);
    expect(r.stdout).toMatch(/Requests: .*1 sent/);
    expect(existsSync(join(dir.path, 'demo', 'notices', 'demo-001', 'R-0001-demo-tube-take-it-down.eml'))).toBe(true);
  });

  it('a corrupt state database is reported without a stack trace', () => {
    run(['init', '.']);
    writeFileSync(join(dir.path, '.takedown', 'takedown.db'), 'this is not a database, just garbage bytes '.repeat(200));
    const r = run(['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('takedown.db');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an internal error exits 3 with the version and where to report it', () => {
    // A workspace whose state folder is a file makes the store fail in a way no user input explains.
    run(['init', '.']);
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `import { main } from ${JSON.stringify(new URL('../../src/cli/main.ts', import.meta.url).pathname)};
        const io = { stdout: process.stdout, stderr: process.stderr, env: {}, cwd: ${JSON.stringify(dir.path)}, onInterrupt: () => () => {}, confirm: async () => null };
        Object.defineProperty(io, 'env', { get() { throw new TypeError('simulated bug'); } });
        process.exitCode = await main(['check'], io);`],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(3);
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(r.stderr).toContain(`takedown ${version}: internal error`);
    expect(r.stderr).toContain('simulated bug');
  });
});
