// Checks one Liquid text statically: syntax, and that every variable it reads is a NoticeContext field.
import { toValueSync } from 'liquidjs';
import type { Template, Variable } from 'liquidjs';
import { normalizePath, unknownFieldMessage } from './context-fields.ts';
import { engine, parseTemplate } from './engine.ts';

/** A problem at a 1-based line and column of the Liquid text itself. */
export interface TemplateProblem {
  line: number;
  col: number;
  message: string;
}

export interface CheckedTemplate {
  /** Present when the text parses. */
  templates?: Template[];
  problems: TemplateProblem[];
  /** The context fields the text reads, normalised (`urls[].url`). */
  fields: string[];
  /** Loop variables and the list each walks (`u` -> `urls[]`), to name a missing `u.state` as `urls[].state`. */
  aliases: Map<string, string>;
}

interface LiquidErrorLike {
  message: string;
  token?: { getPosition(): number[] };
  originalError?: { message?: string };
}

/** The message without liquidjs's ", line:1, col:2" tail and source excerpt. */
function plainMessage(error: LiquidErrorLike): string {
  const message = error.originalError?.message ?? error.message;
  return message.replace(/, line:\d+, col:\d+[\s\S]*$/, '');
}

export function problemFromError(error: unknown): TemplateProblem {
  const liquidError = error as LiquidErrorLike;
  const [line = 1, col = 1] = liquidError.token?.getPosition() ?? [];
  return { line, col, message: plainMessage(liquidError) };
}

/** Segments as written; a computed index (`urls[i]`) counts as "an item of the list". */
function segmentsOf(variable: Variable): (string | number)[] {
  return variable.segments.map((segment) => (typeof segment === 'object' ? '[]' : segment));
}

interface LoopTag {
  variable: string;
  collection: { getText(): string };
}

function isLoop(template: unknown): template is LoopTag {
  const t = template as Partial<LoopTag>;
  return typeof t.variable === 'string' && typeof t.collection?.getText === 'function';
}

function childrenOf(template: Template): Template[] {
  if (template.children === undefined) return [];
  return toValueSync(template.children(false, true));
}

/** Loop variable -> the list it walks, for loops over context lists (`{% for u in urls %}`). */
function loopAliases(templates: Template[]): Map<string, string> {
  const aliases = new Map<string, string>();
  const walk = (list: Template[]): void => {
    for (const template of list) {
      if (isLoop(template)) {
        const expression = template.collection.getText().split('|')[0]?.trim() ?? '';
        const path = normalizePath(expression.split('.'));
        if (path !== undefined) aliases.set(template.variable, `${path}[]`);
      }
      walk(childrenOf(template));
    }
  };
  walk(templates);
  return aliases;
}

export function checkTemplateText(text: string): CheckedTemplate {
  let templates: Template[];
  try {
    templates = parseTemplate(text);
  } catch (error) {
    return { problems: [problemFromError(error)], fields: [], aliases: new Map() };
  }
  const problems: TemplateProblem[] = [];
  const fields = new Set<string>();
  const analysis = engine.analyzeSync(templates, { partials: false });
  for (const variables of Object.values(analysis.globals)) {
    for (const variable of variables) {
      const written = variable.toString();
      const path = normalizePath(segmentsOf(variable));
      if (path === undefined) {
        problems.push({ line: variable.location.row, col: variable.location.col, message: unknownFieldMessage(written) });
      } else {
        fields.add(path);
      }
    }
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return { templates, problems, fields: [...fields].sort(), aliases: loopAliases(templates) };
}
