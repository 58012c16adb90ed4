// Runs one `takedown sweep` for bench/sweep-nightly.ts, at the simulated nightly time (the history
// is dated relative to it); the fetches and their timing are real.
import { processIo } from '../src/cli/io.ts';
import { runSweep } from '../src/cli/commands/sweep.ts';

const [workspace, now] = process.argv.slice(2);
if (workspace === undefined || now === undefined) throw new Error('usage: sweep-child.ts WORKSPACE ISO_TIME');
const at = new Date(now);
// `sweep` is not in the command table yet: the bench calls it as the CLI will.
process.exitCode = await runSweep(processIo(), [], { workspace, format: 'json', lookup: false }, { clock: { now: () => at, sleep: async () => undefined } });
