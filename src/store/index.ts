// The store's public API: open a store, then read and write through these repository functions.
export { openStore } from './db.ts';
export type { OpenStoreOptions, Store } from './db.ts';
export { MIGRATIONS, appliedVersions, latestSchemaVersion, migrate } from './migrations.ts';
export type { Migration } from './migrations.ts';
export { getCase, listCases, upsertCase } from './cases.ts';
export type { CaseInput, CaseRow } from './cases.ts';
export { getTarget, listTargets, syncTargets } from './targets.ts';
export type { SyncResult, TargetInput, TargetRow } from './targets.ts';
export { RUN_KINDS, checkedTargetIdsInRun, finishRun, findUnfinishedRun, getRun, startRun } from './runs.ts';
export type { RunInput, RunKind, RunRow } from './runs.ts';
export { checksForTarget, lastSeenLive, latestChecks, recordCheck, recordChecks } from './checks.ts';
export type { CheckRow, RecordedCheck } from './checks.ts';
export { GENESIS_HASH, appendEvent, eventHash, listEvents, verifyEventChain } from './events.ts';
export type { ChainVerdict, EventInput, EventRow } from './events.ts';
export { canonicalJson } from './canonical-json.ts';
export { claimForSending, getRequest, insertRequest, listRequests, moveRequest, releaseClaim, setRequestContent, setRequestFile } from './requests.ts';
export type { MoveOptions, RequestInput, RequestRow } from './requests.ts';
export {
  EVIDENCE_CAPTURED,
  EVIDENCE_RECOVERED,
  capturesForTarget,
  checkIdFor,
  evidenceCaseIds,
  evidenceFileEnd,
  capturedTargetIds,
  listCaptures,
  recordCapture,
  recordEvidenceRecovery,
  warcinfoIdOf,
} from './evidence.ts';
export type { CaptureCause, CaptureEventData, CaptureInput, CaptureRow, EvidenceRecordEntry, RecoveryEventData, WarcRecordType } from './evidence.ts';
export { getSweepMark, getWatch, observationsAfter, putWatch, runStateCounts, setSweepMark, sweepTargets, unfoldedTargets } from './watch.ts';
export type { ObservationRow, SweepMark, SweepTargetRow, WatchPhase, WatchRow } from './watch.ts';
export { addChangeData, casesAwaitingDraft, changesAwaitingDraft, changesOfRun, markCaseDrafted, recordChange, sweepDraftEventsAfter } from './sweep-changes.ts';
export type { ChangeInput, ChangeRow, SweepEventRow } from './sweep-changes.ts';
export { markBatchDelivered, markBatchFailed, pendingBatches } from './notifications.ts';
export type { PendingBatch } from './notifications.ts';
export {
  listRemovals,
  overdueRequests,
  recordRemoval,
  requestBriefsForTarget,
  requestHasUnconfirmedTarget,
  requestRemovalSeconds,
  targetHasRequest,
} from './removals.ts';
export type { RemovalRow, RequestBrief } from './removals.ts';
export { beatSweepLock, readSweepLock, releaseSweepLock, takeSweepLock } from './sweep-lock.ts';
export type { LockHolder } from './sweep-lock.ts';
export {
  CANDIDATE_STATUSES,
  countPendingCandidates,
  decideCandidate,
  getCandidate,
  knownCandidates,
  lastDiscoveryAt,
  listCandidates,
  recordCandidates,
} from './candidates.ts';
export type { CandidateInput, CandidateKind, CandidateRow, CandidateStatus } from './candidates.ts';
export { latestStates } from './latest-states.ts';
export type { LatestState } from './latest-states.ts';
export { workspaceId } from './workspace-id.ts';
export { createResultWriter } from './result-writer.ts';
export type { ResultWriter, WriterHooks } from './result-writer.ts';
