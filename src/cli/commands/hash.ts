// `takedown hash FILE... [--case CASE] [--add] [--label TEXT]`: fingerprints of local pictures
// (SHA-256 and PDQ), computed on this machine. Nothing is uploaded or copied: each file is read
// into memory, hashed and dropped, and the output (and the case file, with --add) holds only
// hashes, never the file's name or path.
import { existsSync } from 'node:fs';
import { chmod, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Case } from '../../core/case.ts';
import { UserError } from '../../core/errors.ts';
import { validateCaseText } from '../../case-file/validate.ts';
import { addFingerprintsToText, findKnown, type Fingerprint, type KnownMatch } from '../../discovery/fingerprints.ts';
import { hashImageFile, type ImageFingerprint } from '../../discovery/image-hash.ts';
import { PDQ_MIN_QUALITY } from '../../discovery/pdq-distance.ts';
import { dihedralWords } from '../../discovery/pdq.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format, type Output } from '../output.ts';
import { loadCases, openWorkspace } from '../context.ts';
import { selectCases } from '../notice-wiring.ts';

export interface HashOptions {
  workspace?: string;
  format?: Format;
  /** A case id, or a case file. */
  case?: string;
  add?: boolean;
  label?: string;
}

/**
 * Where the person shown was under 18 when the content was made (even if an adult now), the
 * hashing must happen on the victim's own device; the addresses are those of providers/ncmec-*.yaml,
 * iwf.yaml and esafety.yaml.
 */
export const MINOR_REFUSAL =
  'is marked as involving a person under 18 when the content was made (case.subject.minor_at_creation: true): ' +
  'takedown never handles those images, not even to hash them. Use NCMEC Take It Down (https://takeitdown.ncmec.org) ' +
  'on the device that holds the pictures: it hashes them there and shares only the hashes with participating platforms. ' +
  'Report the URLs to the NCMEC CyberTipline (https://report.cybertip.org), the IWF (https://www.iwf.org.uk/) ' +
  'or eSafety (https://esafety.gov.au/report/image-based-abuse); never download, copy or attach the pictures.';

const MAX_LABEL = 200;

interface Hashed {
  /** 1-based position among the FILE arguments: the output never names the file. */
  index: number;
  fingerprint: ImageFingerprint;
  known?: KnownMatch;
}

export async function runHash(io: CliIo, files: readonly string[], options: HashOptions): Promise<number> {
  const out = createOutput(io, options);
  if (files.length === 0) throw new UserError('NO_FILES', 'name at least one picture to hash: takedown hash FILE...');
  if (options.add && options.case === undefined) {
    throw new UserError('ADD_NEEDS_CASE', '--add needs --case CASE: the case (id or file) whose fingerprints: list gets the hashes');
  }
  const label = checkLabel(options.label);
  // The case is read first: for a minor's case no picture is opened at all.
  const theCase = options.case === undefined ? undefined : await findCase(io, options);
  if (theCase?.subject.minorAtCreation) throw new UserError('MINOR_CASE', `case ${theCase.id} ${MINOR_REFUSAL}`);

  // Every picture is hashed before anything is written: one bad file changes nothing.
  const hashed: Hashed[] = [];
  for (const [i, file] of files.entries()) {
    const fingerprint = await hashImageFile(resolve(io.cwd, file), file);
    const known = theCase === undefined ? undefined : findKnown(fingerprint, theCase.fingerprints);
    hashed.push({ index: i + 1, fingerprint, ...(known === undefined ? {} : { known }) });
  }

  let result: { added: Fingerprint[]; present: Fingerprint[] } | undefined;
  if (options.add && theCase !== undefined) {
    const entries = hashed.map(({ fingerprint: f }) => ({ sha256: f.sha256, pdq: f.pdq, quality: f.quality, ...(label === undefined ? {} : { label }) }));
    result = await addToCaseFile(theCase, entries);
  }
  print(out, hashed, label, theCase, result);
  return EXIT.ok;
}

function checkLabel(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const trimmed = label.trim();
  if (trimmed === '' || /[\r\n]/.test(label) || trimmed.length > MAX_LABEL) {
    throw new UserError('BAD_LABEL', `--label must be one line of 1 to ${MAX_LABEL} characters, e.g. --label "beach photo 2019"`);
  }
  return trimmed;
}

/** `--case` names a case file directly, or a case id in the workspace. */
async function findCase(io: CliIo, options: HashOptions): Promise<Case> {
  const name = options.case ?? '';
  const path = resolve(io.cwd, name);
  if (/\.ya?ml$/i.test(name) || existsSync(path)) {
    const found = (await loadCases([path])).cases[0];
    if (found === undefined) throw new UserError('NO_SUCH_CASE', `--case ${name}: no case in that file`);
    return found;
  }
  const workspace = await openWorkspace(io, options.workspace);
  const found = (await selectCases(io, workspace, [name]))[0];
  if (found === undefined) throw new UserError('NO_SUCH_CASE', `no case "${name}"`);
  return found;
}

/** Rewrites the case file with the new entries (atomically, keeping its permissions), after checking the result still validates. */
async function addToCaseFile(theCase: Case, entries: readonly Fingerprint[]): Promise<{ added: Fingerprint[]; present: Fingerprint[] }> {
  const file = theCase.file;
  const text = await readFile(file, 'utf8');
  const edit = addFingerprintsToText(text, entries);
  if (edit.added.length === 0) return edit;
  const check = validateCaseText(edit.text, file);
  if (check.case === null) {
    throw new Error(`the case file would no longer validate after adding fingerprints: ${check.issues.map((i) => i.message).join('; ')}`);
  }
  const { mode } = await stat(file);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, edit.text, { mode: mode & 0o777 });
  await chmod(temp, mode & 0o777);
  await rename(temp, file);
  return edit;
}

function record(h: Hashed, label: string | undefined) {
  const f = h.fingerprint;
  return {
    index: h.index,
    sha256: f.sha256,
    pdq: f.pdq,
    quality: f.quality,
    reliable: f.quality >= PDQ_MIN_QUALITY,
    ...(label === undefined ? {} : { label }),
    ...(h.known === undefined
      ? {}
      : {
          known: {
            exact: h.known.exact,
            distance: h.known.distance,
            // Which rotation or mirror of this picture matched (original when none).
            variant: h.known.variant,
            ...(h.known.fingerprint.label === undefined ? {} : { label: h.known.fingerprint.label }),
          },
        }),
  };
}

function print(
  out: Output,
  hashed: readonly Hashed[],
  label: string | undefined,
  theCase: Case | undefined,
  result: { added: Fingerprint[]; present: Fingerprint[] } | undefined,
): void {
  const records = hashed.map((h) => record(h, label));
  const summary = result === undefined || theCase === undefined ? undefined : { case: theCase.id, added: result.added.length, alreadyThere: result.present.length };
  if (out.format === 'json') {
    out.out(JSON.stringify({ images: records, ...(summary === undefined ? {} : { fingerprints: summary }) }, null, 2));
    return;
  }
  if (out.format === 'ndjson') {
    for (const r of records) out.out(JSON.stringify(r));
    if (summary !== undefined) out.out(JSON.stringify({ fingerprints: summary }));
    return;
  }
  for (const r of records) {
    const known = r.known === undefined ? '' : r.known.exact ? '  already in the case' : `  like a picture of the case (${r.known.distance} bits apart${r.known.variant === 'original' ? '' : `, ${dihedralWords(r.known.variant)}`}${r.known.label === undefined ? '' : `: ${r.known.label}`})`;
    out.out(`#${r.index}  sha256 ${r.sha256}  pdq ${r.pdq}  quality ${r.quality}${known}`);
    if (!r.reliable) {
      // Kept all the same: the quality in the entry is the mark, and findKnown (discovery, and
      // this command) compares such a fingerprint by SHA-256 only.
      const use = result === undefined ? 'in a case (--add), it would only find' : 'in the case, it only finds';
      out.err(
        `#${r.index}: quality ${r.quality} is below ${PDQ_MIN_QUALITY}: the picture has too little detail for its PDQ hash to be trusted; ` +
          `${use} exact copies of this very file (same SHA-256), never look-alikes`,
      );
    }
  }
  if (summary !== undefined && theCase !== undefined) {
    const there = summary.alreadyThere > 0 ? `; ${summary.alreadyThere} already there` : '';
    out.err(`added ${summary.added} fingerprint${summary.added === 1 ? '' : 's'} to case ${theCase.id} (${theCase.file})${there}`);
  }
}
