// The commander program: commands, their arguments and options (from the options table).
import { Command } from 'commander';
import type { CliIo } from './io.ts';
import { toCommanderOption, type OptionName } from './options.ts';
import { VERSION } from './version.ts';
// Each command's module is loaded when that command runs: a check does not pay for the mail,
// template, image and report code (start-up time and tens of MB of resident memory).
const commands = {
  init: () => import('./commands/init.ts'),
  validate: () => import('./commands/validate.ts'),
  check: () => import('./commands/check.ts'),
  demo: () => import('./commands/demo.ts'),
  providers: () => import('./commands/providers.ts'),
  draft: () => import('./commands/draft.ts'),
  send: () => import('./commands/send.ts'),
  mark: () => import('./commands/mark.ts'),
  status: () => import('./commands/status.ts'),
  evidence: () => import('./commands/evidence.ts'),
  report: () => import('./commands/report.ts'),
  hash: () => import('./commands/hash.ts'),
  review: () => import('./commands/review.ts'),
  sweep: () => import('./commands/sweep.ts'),
};

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('takedown')
    .description(
      'Get leaked intimate images taken down and keep watch: check URLs, draft notices, track them, sweep on a schedule.',
    )
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(run takedown help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 done, nothing needs a human; 1 something needs a human (e.g. a live URL);\n' +
        '2 bad input or usage; 3 internal error.\n\nStart with: takedown demo    then: takedown init my-cases',
    );

  const command = (name: string, description: string, options: OptionName[]): Command => {
    const sub = program.command(name).description(description).exitOverride();
    sub.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    for (const option of options) sub.addOption(toCommanderOption(option));
    return sub;
  };

  command('init', 'create a workspace with an example case file', [])
    .argument('[dir]', 'folder for the workspace (default: the current folder)')
    .action(async (dir: string | undefined) => setExit(await (await commands.init()).runInit(io, dir)));

  command('validate', 'check case files and report every problem with its line and column', ['workspace', 'format'])
    .argument('[case...]', "case files (default: every case in the workspace's cases/ folder)")
    .action(async (files: string[], opts) => setExit(await (await commands.validate()).runValidate(io, files, opts)));

  command('check', 'check whether each URL of the cases is still live, and how it went away if not', [
    'workspace',
    'format',
    'quiet',
    'concurrency',
    'perHost',
    'timeout',
    'retries',
    'allowPrivate',
    'fresh',
  ])
    .argument('[case...]', "case files (default: every case in the workspace's cases/ folder)")
    .action(async (files: string[], opts) => setExit(await (await commands.check()).runCheck(io, files, opts)));

  command('draft', 'plan who to ask under which law, and write each notice (an .eml, or a filing packet for web forms)', [
    'workspace',
    'format',
    'quiet',
    'dryRun',
    'basis',
    'lookup',
    'allowPrivate',
  ])
    .argument('[case...]', 'case ids or case files (default: every case in the workspace)')
    .action(async (names: string[], opts) => setExit(await (await commands.draft()).runDraft(io, names, opts)));

  command('send', 'send drafted email notices (asks first unless --yes); never sends one twice', [
    'workspace',
    'format',
    'case',
    'dryRun',
    'yes',
    'resend',
    'outbox',
  ])
    .argument('[id...]', 'request ids like R-0001 (default: every drafted email request)')
    .action(async (ids: string[], opts) => setExit(await (await commands.send()).runSend(io, ids, opts)));

  command('mark', 'record what happened to a request: filed (web form or sent by hand), acknowledged, resolved, refused, expired', [
    'workspace',
    'format',
    'ref',
    'at',
    'note',
  ])
    .argument('<id>', 'the request id, like R-0001')
    .argument('<what>', 'filed, acknowledged, resolved, refused or expired')
    .action(async (id: string, what: string, opts) => setExit(await (await commands.mark()).runMark(io, id, what, opts)));

  command('status', 'URLs by state, requests by status, what is overdue and the next step', ['workspace', 'format', 'quiet'])
    .argument('[case...]', 'case ids or case files (default: every case in the workspace)')
    .action(async (names: string[], opts) => setExit(await (await commands.status()).runStatus(io, names, opts)));

  command('report', 'where cases stand, for a client, a lawyer or a regulator: text, Markdown, JSON, CSV or one HTML file; --anonymised for advocacy', [
    'workspace',
    'reportFormat',
    'out',
    'all',
    'anonymised',
    'quiet',
  ])
    .argument('[case...]', 'case ids or case files (or --all for every case in the workspace)')
    .action(async (names: string[], opts) => setExit(await (await commands.report()).runReport(io, names, opts)));

  command('evidence', 'verify the WARC evidence and the event log, or export a case as a bundle to hand over', ['workspace', 'format', 'quiet', 'out'])
    .argument('<action>', 'verify [CASE...] or export CASE --out DIR')
    .argument('[case...]', 'case ids or case files (verify: default every case with evidence)')
    .action(async (action: string, names: string[], opts) => setExit(await (await commands.evidence()).runEvidence(io, action, names, opts)));

  command('sweep', 'the cron entry point: re-check what is due, confirm removals and close their requests, reopen what came back, draft the next rung for what is overdue (never sends), notify once per change', [
    'workspace',
    'format',
    'quiet',
    'all',
    'confirm',
    'dryRun',
    'fresh',
    'wait',
    'maxUrls',
    'discover',
    'concurrency',
    'perHost',
    'timeout',
    'retries',
    'allowPrivate',
    'lookup',
  ])
    .argument('[case...]', 'case ids or case files (default: every case in the workspace, as with --all)')
    .action(async (names: string[], opts) => setExit(await (await commands.sweep()).runSweep(io, names, opts)));

  command('review', 'candidates found in the watch places: list them, accept one (its URL joins the case file) or reject it (never proposed again)', [
    'workspace',
    'format',
    'quiet',
    'note',
    'dryRun',
  ])
    .argument('[args...]', '[list] [CASE...] to list pending candidates; accept ID... or reject ID...')
    .action(async (args: string[], opts) => setExit(await (await commands.review()).runReview(io, args, opts)));

  command('hash', 'fingerprint local pictures (SHA-256 and PDQ) on this machine; --add keeps them in a case', [
    'workspace',
    'format',
    'hashCase',
    'add',
    'label',
  ])
    .argument('<file...>', 'the pictures to hash (read into memory, never copied or uploaded)')
    .action(async (files: string[], opts) => setExit(await (await commands.hash()).runHash(io, files, opts)));

  command('providers', 'list, show or lint provider definitions (providers/*.yaml)', ['workspace', 'format'])
    .argument('[action]', 'list (default), show ID, or lint [DIR]', 'list')
    .argument('[arg]', 'the provider id for show, the folder for lint')
    .action(async (action: string, arg: string | undefined, opts) => setExit(await (await commands.providers()).runProviders(io, action, arg, opts)));

  command('demo', 'run the whole flow on a built-in local web of sample sites (no network needed)', [
    'format',
    'demoDir',
  ]).action(async (opts) => setExit(await (await commands.demo()).runDemo(io, opts)));

  return program;
}
