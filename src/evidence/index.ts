// Evidence: WARC records of checks, indexed in the hash-chained log; verify and export.
export { CAPTURE_SETTINGS, captureCause } from './capture-policy.ts';
export type { CaptureCause, CaptureSetting } from './capture-policy.ts';
export { storedBody, containsMedia, redactInlineMedia, isTextType } from './body-policy.ts';
export type { BodyOmission, EvidenceCase, StoredBody } from './body-policy.ts';
export { DEFAULT_MAX_FILE_BYTES, captureEvidence, caseEvidenceDir, openEvidence, runFileName } from './writer.ts';
export type { CaptureDone, CheckExchange, EvidenceOptions, EvidenceSession, EvidenceTarget } from './writer.ts';
export { verifyCase, verifyEvidence } from './verify.ts';
export type { CaseVerdict, EvidenceProblem, VerifyReport } from './verify.ts';
export { PROBLEM_KINDS } from './check-file.ts';
export type { ProblemKind } from './check-file.ts';
export { exportEvidence } from './export.ts';
export type { ExportOptions, ExportResult } from './export.ts';
export type { Manifest, ManifestCapture } from './manifest.ts';
