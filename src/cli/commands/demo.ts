// `takedown demo`: the whole flow on a built-in local web of sample sites; needs no network.
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { UserError } from '../../core/errors.ts';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSampleWeb } from '../../demo/sample-web.ts';
import { writeDemoWorkspace } from '../../demo/demo-workspace.ts';
import { startDemoRdap } from '../../demo/rdap-server.ts';
import { startMailSink } from '../../mail/sink.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import type { Format } from '../output.ts';
import { runCheck } from './check.ts';
import { runDraft } from './draft.ts';
import { runSend } from './send.ts';
import { runStatus } from './status.ts';
import { runReport } from './report.ts';
import { runEvidence } from './evidence.ts';

export interface DemoOptions {
  format?: Format;
  dir?: string;
}

export async function runDemo(io: CliIo, options: DemoOptions): Promise<number> {
  const dir = options.dir ? resolve(io.cwd, options.dir) : await mkdtemp(join(tmpdir(), 'takedown-demo-'));
  await prepareDemoDir(dir);
  const web = await startSampleWeb();
  const sink = await startMailSink();
  const rdap = await startDemoRdap();
  try {
    await writeDemoWorkspace(dir, web, await closedPort(), { smtpPort: sink.port, rdapBootstrapUrl: rdap.bootstrapUrl });
    const format = options.format ?? 'text';
    const text = format === 'text';
    const say = (line: string): void => {
      if (text) io.stdout.write(`${line}\n`);
    };
    say(`takedown demo: sample sites on http://127.0.0.1:${web.port}, a mail sink on 127.0.0.1:${sink.port}, workspace ${dir}`);
    say('\n== 1. check: is each URL still up, and if not, how did it go away?\n');
    const checked = await runCheck(io, [DEMO_CASE], { workspace: dir, format, fresh: true });
    if (checked !== EXIT.ok && checked !== EXIT.attention) return checked;
    say('\n== 2. draft: who to ask, under which law, with which notice\n');
    const drafted = await runDraft(io, [DEMO_CASE], { workspace: dir, format });
    if (drafted !== EXIT.ok) return drafted;
    say('\n== 3. send: the email notices go to the local mail sink (--yes stands in for your confirmation)\n');
    const sent = await runSend(io, [], { workspace: dir, format, yes: true, case: DEMO_CASE });
    if (sent !== EXIT.ok && sent !== EXIT.attention) return sent;
    say(`   The sink received ${sink.messages.length} message${sink.messages.length === 1 ? '' : 's'}: ${sink.messages.map((m) => m.envelope.to.join(', ')).join('; ')}`);
    say('\n== 4. status: what is up, what was asked, the clocks and the next steps\n');
    const status = await runStatus(io, [DEMO_CASE], { workspace: dir, format });
    if (status !== EXIT.ok && status !== EXIT.attention) return status;
    say('\n== 5. evidence: every check was kept as WARC records, indexed in the hash-chained log\n');
    const verified = await runEvidence(io, 'verify', [DEMO_CASE], { workspace: dir, format });
    if (verified !== EXIT.ok) return verified;
    const reportFile = join(dir, 'report.html');
    const reported = await runReport(io, [DEMO_CASE], { workspace: dir, format: 'html', out: reportFile, quiet: true });
    if (reported !== EXIT.ok) return reported;
    say(
      `\nThe demo workspace is ${dir}\n` +
        `  case file: ${join(dir, 'cases', 'demo.yaml')}\n` +
        `  notices:   ${join(dir, 'notices', 'demo-001')}  (.eml sent by email, .md filing packets for web forms)\n` +
        `  state:     ${join(dir, '.takedown', 'takedown.db')}\n` +
        `  evidence:  ${join(dir, '.takedown', 'evidence', 'demo-001')}  (WARC files; takedown evidence verify)\n` +
        `  report:    ${reportFile}  (open it in a browser; it prints to PDF)\n` +
        `The sample sites and the mail sink stop with the demo. Next: npx takedown init my-cases, add your URLs, npx takedown check.`,
    );
    // The demo succeeded even though it found live URLs and open requests: that is what it shows.
    return EXIT.ok;
  } finally {
    await rdap.close();
    await sink.close();
    await web.close();
  }
}

const DEMO_CASE = 'demo-001';
/** Marks a folder as a demo workspace, which a later demo run may wipe and write again. */
const MARKER = '.takedown-demo';

/**
 * The demo writes its own settings (a local mail sink, local RDAP) and sends with --yes, so it
 * must never run in a real workspace: it takes an empty folder, or one an earlier demo made.
 */
async function prepareDemoDir(dir: string): Promise<void> {
  if (existsSync(dir)) {
    const entries = await readdir(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new UserError(
        'DEMO_DIR_NOT_EMPTY',
        `--dir ${dir}: the folder is not empty and was not made by an earlier demo; the demo writes its own settings and sends notices to a local sink, so give it an empty or new folder`,
      );
    }
    for (const entry of entries) await rm(join(dir, entry), { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, MARKER), 'A takedown demo workspace: "takedown demo --dir" may erase and rewrite this folder.\n', { mode: 0o600 });
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
