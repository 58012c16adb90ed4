// A strict RFC 4180 reader for tests: quoted fields, doubled quotes, CRLF records; anything else throws.

/** Parses CSV text into records of fields. Every record must end in CRLF. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`CSV: ${what} at offset ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
  };
  let atFieldStart = true;
  while (i < text.length) {
    const c = text[i];
    if (atFieldStart && c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
      atFieldStart = false;
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') fail('text after a closing quote');
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') fail('CR without LF');
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      atFieldStart = true;
      i += 2;
    } else if (c === '\n') {
      fail('bare LF outside quotes');
    } else if (c === '"') {
      fail('quote inside an unquoted field');
    } else {
      field += c;
      atFieldStart = false;
      i++;
    }
  }
  if (field !== '' || record.length > 0) fail('last record without CRLF');
  return records;
}
