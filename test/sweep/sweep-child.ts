// Child process for crash.test.ts: one `takedown sweep` over a workspace, at a fixed time.
import { processIo } from '../../src/cli/io.ts';
import { runSweep } from '../../src/cli/commands/sweep.ts';

const [workspace, now] = process.argv.slice(2);
if (workspace === undefined || now === undefined) throw new Error('usage: sweep-child.ts WORKSPACE ISO_TIME');
const at = new Date(now);
const code = await runSweep(processIo(), [], { workspace, quiet: true }, { clock: { now: () => at, sleep: async () => undefined } });
process.stdout.write(`exit ${code}\n`);
process.exitCode = code;
