// `takedown demo`: the whole flow on a built-in local web of sample sites; needs no network.
import { mkdtemp, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSampleWeb } from '../../demo/sample-web.ts';
import { writeDemoWorkspace } from '../../demo/demo-workspace.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import type { Format } from '../output.ts';
import { runCheck } from './check.ts';

export interface DemoOptions {
  format?: Format;
  dir?: string;
}

export async function runDemo(io: CliIo, options: DemoOptions): Promise<number> {
  const dir = options.dir ? resolve(io.cwd, options.dir) : await mkdtemp(join(tmpdir(), 'takedown-demo-'));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const web = await startSampleWeb();
  try {
    await writeDemoWorkspace(dir, web, await closedPort());
    const text = (options.format ?? 'text') === 'text';
    if (text) io.stdout.write(`takedown demo: sample sites on http://127.0.0.1:${web.port}, workspace ${dir}\n\n`);
    const code = await runCheck(io, [], { workspace: dir, format: options.format, fresh: true });
    if (code !== EXIT.ok && code !== EXIT.attention) return code;
    if (text) {
      io.stdout.write(
        `\nThe demo workspace is ${dir}\n` +
          `  case file: ${join(dir, 'cases', 'demo.yaml')}\n` +
          `  state:     ${join(dir, '.takedown', 'takedown.db')}\n` +
          `The sample sites stop with the demo. Next: npx takedown init my-cases, add your URLs, npx takedown check.\n`,
      );
    }
    // The demo succeeded even though it found live URLs: that is what it shows.
    return EXIT.ok;
  } finally {
    await web.close();
  }
}

/** A loopback port where nothing listens, to show a refused connection. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 9;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
