// README.txt of an evidence bundle: what is in it and how anyone can check it without takedown.

export function bundleReadme(caseId: string, software: string): string {
  return `Evidence bundle of case ${caseId}, written by ${software}
${'='.repeat(60)}

What is here
  warc/          the WARC 1.1 files (ISO 28500) holding every capture, exactly as written
  manifest.txt   every capture: URL, time, state and reason, file, offset and length of each
                 record, its digests, and its place in the event log's hash chain
  manifest.json  the same, for programs; "problems" lists anything verification found
  events.jsonl   the events of the case the evidence needs, from takedown's hash-chained log,
                 one JSON object a line (which ones: see below)
  SHA256SUMS     the SHA-256 of every other file in this folder

Each capture is a request record, a response record and a metadata record (a JSON document
with the tool's conclusion); a URL that gave no answer has the metadata record alone. The
first record of each file is a warcinfo record.

What the response records hold
  - The status line and the headers as received, in the order received, except
    Transfer-Encoding (the body is stored de-chunked, as WARC requires).
  - The body of HTML and other text as received, after undoing Content-Encoding (gzip,
    deflate, br). When the stored body is not byte for byte what the server sent (decoded,
    cut at the size limit, or left out), the Content-Encoding and Content-Length headers
    are kept under the names X-Takedown-Orig-Content-Encoding and
    X-Takedown-Orig-Content-Length, and the metadata record's "body" says what was done and
    gives the SHA-256 of the body as it was read.
  - Never image, video or audio bytes unless the case opted in (never for a case about a
    person under 18): such bodies are left out (WARC-Truncated: unspecified), and inline
    images (data: URIs) in a page have their bytes taken out.
  - WARC-Truncated: length marks a body cut at the size limit.

How to check it independently
  1. The files are the ones exported:
       sha256sum -c SHA256SUMS
  2. Each record is the one indexed when it was written: take LENGTH bytes from OFFSET
     (manifest.txt) and compare their SHA-256 with the record sha256 in the manifest:
       tail -c +$((OFFSET + 1)) warc/FILE | head -c LENGTH | sha256sum
  3. Each record's own digests (WARC-Block-Digest, WARC-Payload-Digest, "sha256:" + hex)
     can be checked with any WARC reader, for example Python's warcio:
       warcio check -v warc/*.warc
       warcio index warc/*.warc      (lists every record with its offset)
  4. Each event's hash is the SHA-256 of the event's JSON without its "hash" key, keys
     sorted, no spaces (UTF-8); prev_hash is the hash of the event before it in the
     whole log. With Python (prints each seq and True when its hash checks):
       python3 -c 'import json,hashlib;[print(e["seq"],hashlib.sha256(json.dumps({k:v for k,v in e.items() if k!="hash"},sort_keys=True,separators=(",",":"),ensure_ascii=False).encode()).hexdigest()==e["hash"]) for e in map(json.loads,open("events.jsonl"))]'
     The log is shared by all cases of the workspace. This bundle holds only this case's
     events about its URLs (target.*: added, taken out of the case, the state each check
     found, reappeared, removal confirmed), its requests (request.*: drafted, sent,
     answered, escalated, ...) and its evidence (evidence.*: each capture). Events of other
     cases, and this case's events about possible new copies (candidate.*, discovery.run:
     they hold the case's search words and pages of third parties), are left out, so seq
     numbers have gaps; prev_hash links can be followed between consecutive seq numbers.
     The manifest gives the head of the whole log at export: kept elsewhere (a report, a
     letter), it shows later that no event was taken off the end.
`;
}
