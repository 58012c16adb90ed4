// The warcinfo record that opens every WARC file: what wrote it, for which case, and what it holds.
import { buildRecord, type BuiltRecord } from './warc-record.ts';

export interface WarcinfoInput {
  id: string;
  date: string;
  filename: string;
  software: string;
  caseId: string;
}

const DESCRIPTION =
  'Evidence kept by takedown: for each captured check, the request, the response as received ' +
  '(the body of HTML and other text; never image, video or audio bytes unless the case opted in) ' +
  'and a metadata record with the conclusion and what was done to the body.';

export function warcinfoRecord(input: WarcinfoInput): BuiltRecord {
  const fields = [
    ['software', input.software],
    ['format', 'WARC File Format 1.1'],
    ['conformsTo', 'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/'],
    ['isPartOf', input.caseId],
    ['description', DESCRIPTION],
  ];
  const block = Buffer.from(fields.map(([name, value]) => `${name}: ${value}\r\n`).join(''), 'utf8');
  return buildRecord({
    type: 'warcinfo',
    id: input.id,
    date: input.date,
    fields: [['WARC-Filename', input.filename]],
    contentType: 'application/warc-fields',
    block,
    payloadStart: null,
  });
}
