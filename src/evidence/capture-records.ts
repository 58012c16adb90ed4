// The WARC records of one check: request, response and a metadata record that says what the
// tool concluded and what it did to the body; a metadata record alone when no answer came.
import type { CheckResult } from '../core/check-result.ts';
import type { HttpOutcome } from '../core/http-types.ts';
import type { CaptureCause } from './capture-policy.ts';
import { storedBody, type EvidenceCase, type StoredBody } from './body-policy.ts';
import { requestBlock, responseBlock } from './http-blocks.ts';
import { buildRecord, newRecordId, type BuiltRecord } from './warc-record.ts';

export interface CaptureContent {
  evidenceCase: EvidenceCase;
  /** The URL as in the case file. */
  url: string;
  result: CheckResult;
  outcome: HttpOutcome;
  cause: CaptureCause;
  /** The URL's state before this check, null on its first check. */
  previousState: string | null;
  warcinfoId: string;
  /** e.g. "takedown/0.1.0". */
  software: string;
}

export function captureRecords(content: CaptureContent, makeId: () => string = newRecordId): BuiltRecord[] {
  const { outcome } = content;
  const common = [['WARC-Warcinfo-ID', content.warcinfoId]] as const;
  if (!outcome.ok) {
    const metadata = metadataRecord(content, makeId(), outcome.failure.timings.startedAt, content.url, null, null);
    return [metadata];
  }
  const response = outcome.response;
  const date = response.timings.startedAt;
  const requestId = makeId();
  const responseId = makeId();
  const body = storedBody(content.evidenceCase, response);
  const records: BuiltRecord[] = [];
  if (response.wire !== undefined) {
    const block = requestBlock(response.finalUrl, response.wire);
    records.push(
      buildRecord({
        type: 'request',
        id: requestId,
        date,
        targetUri: response.finalUrl,
        fields: [...common, ['WARC-Concurrent-To', responseId]],
        contentType: 'application/http;msgtype=request',
        block,
        payloadStart: block.byteLength,
      }),
    );
    const { block: responseBytes, payloadStart } = responseBlock(response.status, response.wire, body);
    const truncated = body.omitted !== null ? 'unspecified' : body.truncated ? 'length' : null;
    records.push(
      buildRecord({
        type: 'response',
        id: responseId,
        date,
        targetUri: response.finalUrl,
        fields: [
          ...common,
          ['WARC-Concurrent-To', requestId],
          ...(response.remoteAddress === undefined ? [] : [['WARC-IP-Address', response.remoteAddress] as const]),
          ...(truncated === null ? [] : [['WARC-Truncated', truncated] as const]),
        ],
        contentType: 'application/http;msgtype=response',
        block: responseBytes,
        payloadStart,
        // The payload is the body as read (not cut, nothing taken out): its digest is already taken.
        ...(body.bytes === response.body && body.readSha256 !== null ? { payloadDigest: `sha256:${body.readSha256}` } : {}),
      }),
    );
  }
  records.push(metadataRecord(content, makeId(), date, response.finalUrl, response.wire === undefined ? null : responseId, body));
  return records;
}

function metadataRecord(
  content: CaptureContent,
  id: string,
  date: string,
  targetUri: string,
  responseId: string | null,
  body: StoredBody | null,
): BuiltRecord {
  const block = Buffer.from(`${JSON.stringify(metadataOf(content, body), null, 2)}\n`, 'utf8');
  return buildRecord({
    type: 'metadata',
    id,
    date,
    targetUri,
    fields: [['WARC-Warcinfo-ID', content.warcinfoId], ...(responseId === null ? [] : [['WARC-Concurrent-To', responseId] as const])],
    contentType: 'application/json',
    block,
    payloadStart: null,
  });
}

/** What the tool saw and concluded, and what the response record's payload is (see README). */
function metadataOf(content: CaptureContent, body: StoredBody | null): Record<string, unknown> {
  const { result, outcome } = content;
  const base = {
    software: content.software,
    case: content.evidenceCase.id,
    url: content.url,
    checked_at: result.checkedAt,
    state: result.state,
    reason: result.reason,
    detail: result.detail,
    provider: result.providerId,
    cause: content.cause,
    previous_state: content.previousState,
    attempts: result.attempts,
    redirects: result.redirects,
  };
  if (!outcome.ok) {
    const f = outcome.failure;
    return { ...base, failure: { kind: f.kind, code: f.code ?? null, message: f.message, url: f.url }, timings: f.timings };
  }
  const r = outcome.response;
  return {
    ...base,
    http_status: r.status,
    final_url: r.finalUrl,
    remote_address: r.remoteAddress ?? null,
    timings: r.timings,
    body: body === null ? null : {
      stored: body.omitted === null,
      stored_bytes: body.bytes.byteLength,
      read_bytes: body.readBytes,
      read_sha256: body.readSha256,
      decoded_from: body.decodedFrom,
      truncated: body.truncated,
      omitted: body.omitted,
      inline_media_removed: body.redactedInlineMedia,
    },
  };
}
