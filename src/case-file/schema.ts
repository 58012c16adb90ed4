// The case file's shape (DESIGN 3.2) as a zod schema over the raw YAML data, snake_case keys as written.
import { z } from 'zod';
import { describeValue } from './schema-issues.ts';
import { isJurisdiction, REGIONS } from './jurisdictions.ts';

/** Case ids appear in file names and folder names, so nothing that could climb out of a folder. */
export const CASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const text = z.string();

const caseId = text.max(100).regex(CASE_ID_PATTERN, {
  error: (issue) =>
    `must start with a letter or digit and use only letters, digits, ".", "_" and "-" (it is used in file names) (got ${describeValue(issue.input)})`,
});

const minorAtCreation = z.boolean({
  error: (issue) =>
    issue.input === undefined
      ? 'missing (required): true if the person shown was under 18 when the content was made, else false; there is no default because it changes how the case is handled'
      : `must be true or false (got ${describeValue(issue.input)})`,
});

const jurisdiction = text.refine(isJurisdiction, {
  error: (issue) =>
    `unknown jurisdiction ${describeValue(issue.input)}; use ${REGIONS.join(', ')} or a two-letter ISO 3166 country code`,
});

/** A URL entry: either the URL as a string or `{ url, note }`. URL rules are checked after the schema. */
const urlEntry = z.preprocess(
  (value) => (typeof value === 'string' ? { url: value } : value),
  z.strictObject({ url: text, note: text.optional() }, {
    error: (issue) =>
      issue.code === 'invalid_type' ? `must be a URL or a mapping with url: and note: (got ${describeValue(issue.input)})` : undefined,
  }),
);

// Optional lists accept an empty value (`watch:` with nothing under it) as an empty list.
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish();

export const caseFileSchema = z.strictObject({
  case: z.strictObject({
    id: caseId,
    title: text.optional(),
    subject: z.strictObject({
      name: text.optional(),
      minor_at_creation: minorAtCreation,
    }),
    claimant: z.strictObject({
      role: z.enum(['subject', 'representative']),
      name: text.optional(),
      email: z.email().optional(),
      signature: text.optional(),
      organisation: text.optional(),
      address: text.optional(),
      phone: text.optional(),
      confirms_good_faith: z.boolean().optional(),
    }),
    jurisdictions: z.array(jurisdiction).min(1),
    facts: z.strictObject({
      consent: z.enum(['none', 'withdrawn']),
      copyright_owner: z.boolean().optional(),
      dmca_accept_disclosure: z.boolean().optional(),
      copyright_work: text.optional(),
      deepfake: z.boolean().optional(),
      description: text.optional(),
    }),
    keywords: list(text),
    allow: list(text),
    store_media: z.boolean().optional(),
  }),
  urls: list(urlEntry),
  // A plain-text file of URLs, one a line, next to the case file (urls-file.ts); read by load.ts.
  urls_file: text.regex(/\S/, { error: 'must name a text file of URLs, one a line (got an empty value)' }).optional(),
  watch: list(urlEntry),
  // One entry per picture, as `takedown hash --add` writes it; never a file name (see src/discovery/fingerprints.ts).
  fingerprints: list(
    z.strictObject(
      {
        sha256: text.regex(/^[0-9a-fA-F]{64}$/, { error: (i) => `must be the picture's SHA-256 as 64 hex digits (got ${describeValue(i.input)})` }),
        pdq: text.regex(/^[0-9a-fA-F]{64}$/, { error: (i) => `must be the picture's PDQ hash as 64 hex digits (got ${describeValue(i.input)})` }),
        quality: z.number().int().min(0).max(100),
        label: text.optional(),
      },
      { error: (i) => (i.code === 'invalid_type' ? `must be a mapping with sha256:, pdq: and quality: as "takedown hash --add" writes it (got ${describeValue(i.input)})` : undefined) },
    ),
  ),
});

export type CaseFileData = z.output<typeof caseFileSchema>;
