// Child process for crash.test.ts: records a check for every unchecked target of a run, as fast as it can.
import { checkedTargetIdsInRun, finishRun, listTargets, openStore, recordCheck } from '../../src/store/index.ts';
import { CHECK_STATES } from '../../src/core/states.ts';
import { result } from './helpers.ts';

const [path, runArg, caseId] = process.argv.slice(2);
if (path === undefined || runArg === undefined || caseId === undefined) {
  throw new Error('usage: record-loop.ts DB RUN_ID CASE_ID');
}
const runId = Number(runArg);
const store = openStore(path);
const done = checkedTargetIdsInRun(store, runId);
let recorded = 0;
for (const target of listTargets(store, caseId)) {
  if (done.has(target.id)) continue;
  const state = CHECK_STATES[target.id % CHECK_STATES.length] ?? 'live';
  recordCheck(store, runId, target.id, result(target.url, state, new Date().toISOString()));
  recorded += 1;
  // Synchronous on a pipe, so the parent sees progress while this loop still runs.
  if (recorded % 100 === 0) process.stdout.write(`progress ${recorded}\n`);
}
finishRun(store, runId, { recorded });
store.close();
process.stdout.write(`done ${recorded}\n`);
