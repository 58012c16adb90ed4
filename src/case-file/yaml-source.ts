// Parses a YAML file keeping positions, so that every later problem can be reported at its line and column.
import { isAlias, isCollection, isMap, isPair, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node, Pair, YAMLError, YAMLMap } from 'yaml';
import type { Issue } from '../core/errors.ts';

export type Path = readonly (string | number)[];

export interface YamlSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
}

export interface Position {
  line: number;
  col: number;
}

// The yaml package's wording names its own API; say what to fix in the file instead.
const SYNTAX_MESSAGES: Record<string, string> = {
  TAB_AS_INDENT: 'tabs are not allowed as indentation; indent with spaces',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a "---" line in the middle); keep one',
};

/** `case.claimant.email`, `urls[2]`, `check.hosts["tube.example"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function positionAt(source: YamlSource, offset: number): Position {
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, col };
}

function nodeStart(node: unknown): number | undefined {
  if (isScalar(node) || isCollection(node) || isAlias(node)) return node.range?.[0];
  return undefined;
}

function findPair(map: YAMLMap, key: string | number): Pair | undefined {
  return map.items.find((pair) => keyText(pair) === String(key));
}

/** The deepest node the path reaches, the pair it was found in, and how many parts of the path exist. */
function nodeAt(source: YamlSource, path: Path): { node?: unknown; pair?: Pair; depth: number } {
  let node: unknown = source.doc.contents;
  let pair: Pair | undefined;
  let depth = 0;
  for (const part of path) {
    if (isMap(node)) {
      const found = findPair(node, part);
      if (found === undefined) break;
      pair = found;
      node = found.value;
    } else if (isCollection(node) && typeof part === 'number' && node.items[part] !== undefined) {
      pair = undefined;
      node = node.items[part];
    } else {
      break;
    }
    depth += 1;
  }
  return { node, pair, depth };
}

/**
 * Where to point for a problem at `path`: the value when it exists (or its key when `at` is 'key');
 * for a missing field, the key of the nearest mapping that exists (e.g. `subject:`).
 */
export function positionOf(source: YamlSource, path: Path, at: 'value' | 'key' = 'value'): Position | undefined {
  const { node, pair, depth } = nodeAt(source, path);
  const exact = depth === path.length;
  if (exact && at === 'value') {
    const start = nodeStart(node) ?? nodeStart(pair?.key);
    return start === undefined ? undefined : positionAt(source, start);
  }
  const start = nodeStart(pair?.key) ?? (depth > 0 ? nodeStart(node) : undefined);
  return start === undefined ? undefined : positionAt(source, start);
}

export function issueAt(
  source: YamlSource,
  path: Path,
  message: string,
  options: { severity?: Issue['severity']; at?: 'value' | 'key' } = {},
): Issue {
  const position = positionOf(source, path, options.at);
  return { file: source.file, ...position, path: formatPath(path), message, severity: options.severity ?? 'error' };
}

/** Reports repeated keys and drops the repeats, so the data and the positions both keep the first one. */
function duplicateKeyIssues(source: YamlSource, node: unknown, path: Path): Issue[] {
  const issues: Issue[] = [];
  if (isMap(node)) {
    const seen = new Map<string, Pair>();
    node.items = node.items.filter((pair) => {
      const key = keyText(pair);
      if (key === undefined) return true;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, pair);
        return true;
      }
      const firstLine = positionAt(source, nodeStart(first.key) ?? 0).line;
      const start = nodeStart(pair.key) ?? 0;
      issues.push({
        file: source.file,
        ...positionAt(source, start),
        path: formatPath([...path, key]),
        message: `duplicate key; "${key}" is already set at line ${firstLine}`,
        severity: 'error',
      });
      return false;
    });
    for (const pair of node.items) {
      const key = keyText(pair);
      if (key !== undefined) issues.push(...duplicateKeyIssues(source, pair.value, [...path, key]));
    }
  } else if (isCollection(node)) {
    node.items.forEach((item, index) => {
      const value = isPair(item) ? item.value : item;
      issues.push(...duplicateKeyIssues(source, value, [...path, index]));
    });
  }
  return issues;
}

/** The start of the innermost node of the given kind whose range reaches `offset`. */
function openingOf(doc: Document, offset: number, kind: 'quote' | 'flow'): number | undefined {
  let start: number | undefined;
  const reaches = (range: readonly number[] | null | undefined): boolean =>
    range !== undefined && range !== null && (range[0] ?? Infinity) <= offset && offset <= (range[2] ?? -1);
  visit(doc, {
    Scalar(_key, node) {
      if (kind === 'quote' && (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') && reaches(node.range)) start = node.range?.[0];
    },
    Seq(_key, node) {
      if (kind === 'flow' && node.flow === true && reaches(node.range)) start = node.range?.[0];
    },
    Map(_key, node) {
      if (kind === 'flow' && node.flow === true && reaches(node.range)) start = node.range?.[0];
    },
  });
  return start;
}

/**
 * Where to report a syntax error, and what to say. The yaml package reports an unclosed quote or
 * bracket where it gave up (often the end of the file); the user needs the line where it opens.
 */
function syntaxError(doc: Document, error: YAMLError): { offset: number; message: string } {
  const offset = error.pos[0];
  if (error.code === 'MISSING_CHAR' && /quote/.test(error.message)) {
    const start = openingOf(doc, offset, 'quote');
    if (start !== undefined) return { offset: start, message: 'this quoted value is never closed: add the closing quote' };
  }
  const flow = /^Flow (sequence|map) .* end with a ([\]}])$/.exec(error.message);
  if (flow !== null) {
    const start = openingOf(doc, offset, 'flow');
    const close = flow[2] ?? ']';
    const open = close === ']' ? '[' : '{';
    if (start !== undefined) return { offset: start, message: `this "${open}" is never closed: add the closing "${close}"` };
  }
  return { offset, message: SYNTAX_MESSAGES[error.code] ?? error.message };
}

/** File order: file-level issues (no position) first, then by line and column; stable otherwise. */
export function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

export interface ParsedYaml {
  source: YamlSource;
  /** The plain data, or undefined when the YAML itself is broken. */
  data: unknown;
  issues: Issue[];
}

export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false }) as Document;
  const source: YamlSource = { file, doc, lineCounter };
  const issues: Issue[] = doc.errors.map((error) => {
    const { offset, message } = syntaxError(doc, error);
    return { file, ...positionAt(source, offset), path: '', message: `invalid YAML: ${message}`, severity: 'error' };
  });
  for (const warning of doc.warnings) {
    issues.push({ file, ...positionAt(source, warning.pos[0]), path: '', message: `YAML: ${warning.message}`, severity: 'note' });
  }
  // A broken document yields a partial tree; checking it would only add confusing follow-up errors.
  if (doc.errors.length > 0) return { source, data: undefined, issues };
  issues.push(...duplicateKeyIssues(source, doc.contents, []));
  return { source, data: doc.toJS({ maxAliasCount: 100 }), issues };
}

/** The node at a path, for checks that need the text as written (e.g. a number used as an id). */
export function nodeAtPath(source: YamlSource, path: Path): Node | undefined {
  const { node, depth } = nodeAt(source, path);
  if (depth !== path.length) return undefined;
  return isScalar(node) || isCollection(node) || isAlias(node) ? node : undefined;
}
