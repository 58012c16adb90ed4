// The locked-down Liquid engine for notice templates: no file system, strict names, resource limits.
import { Context, Liquid, Tag, toValueSync } from 'liquidjs';
import type { Emitter, FS, Template } from 'liquidjs';

/** Longest template text parsed at once; notices are a page or two. */
export const PARSE_LIMIT = 100_000;
/** Milliseconds one notice may take to render, all passes together. */
export const RENDER_LIMIT_MS = 1_000;
/** Liquid's allocation budget (ranges, string filters, joins). */
export const MEMORY_LIMIT = 10_000_000;
/** Longest rendered text; a real notice is far shorter, so more means a runaway loop. */
export const OUTPUT_LIMIT = 200_000;

/** The tags that would read other files; they fail at parse time with this message. */
const FILE_TAGS = ['include', 'render', 'layout'];

function refusedTag(name: string) {
  return class extends Tag {
    constructor(...args: ConstructorParameters<typeof Tag>) {
      super(...args);
      throw new Error(`{% ${name} %} is not allowed: a notice template is one self-contained text and cannot read other files`);
    }
    override *render(): Generator<unknown, void, unknown> {}
  };
}

// A second lock behind the refused tags: any lookup that still reaches the file system fails.
function refuse(): never {
  throw new Error('notice templates cannot read files');
}
const NO_FS: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => refuse(),
  readFileSync: () => refuse(),
  resolve: () => refuse(),
  contains: async () => false,
  containsSync: () => false,
  sep: '/',
  dirname: () => refuse(),
};

export class OutputTooLong extends Error {
  constructor() {
    super(`the rendered text passed ${OUTPUT_LIMIT} characters`);
    this.name = 'OutputTooLong';
  }
}

/** Collects output and stops the render once it passes OUTPUT_LIMIT. */
class CappedEmitter implements Emitter {
  buffer = '';
  write(html: unknown): void {
    const text = html === null || html === undefined ? '' : String(html);
    if (this.buffer.length + text.length > OUTPUT_LIMIT) throw new OutputTooLong();
    this.buffer += text;
  }
}

function createEngine(): Liquid {
  const liquid = new Liquid({
    fs: NO_FS,
    root: [],
    relativeReference: false,
    dynamicPartials: false,
    cache: false,
    globals: {},
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // An optional field is guarded with `{% if field %}`: the guard reads a missing field as false.
    lenientIf: true,
    jsTruthy: false,
    // `-%}` trims to the end of its own line only, so line-per-tag templates read naturally.
    greedy: false,
    // The date filter must not depend on the machine's zone.
    timezoneOffset: 0,
    parseLimit: PARSE_LIMIT,
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: MEMORY_LIMIT,
  });
  for (const name of FILE_TAGS) liquid.registerTag(name, refusedTag(name));
  return liquid;
}

export const engine: Liquid = createEngine();

export function parseTemplate(text: string): Template[] {
  return engine.parse(text);
}

/** A render-time budget shared by several passes over the same notice. */
export interface RenderBudget {
  context?: Context;
}

/** Renders parsed templates over plain data, synchronously, with capped output. */
export function renderParsed(templates: Template[], scope: object, budget: RenderBudget = {}): string {
  // Time is shared by every pass; memory is per pass, as each pass allocates the same again.
  const limits = budget.context === undefined ? {} : { renderLimit: budget.context.renderLimit };
  const context = new Context(scope, engine.options, { sync: true }, { liquid: engine, ...limits });
  budget.context ??= context;
  const emitter = new CappedEmitter();
  toValueSync(engine.renderer.renderTemplates(templates, context, emitter));
  return emitter.buffer;
}
