// An HTML event parser for reading pages: the events htmlparser2's Parser (10.x, default HTML
// options) sends to a handler, for the callbacks the page reader uses, from one complete string.
//
// Why not htmlparser2 itself: reading pages is most of a check's CPU, and its tokenizer walks
// every character through a state switch and a method call (text, attribute values and scripts,
// which are nearly all of a page's bytes). This one is the same state machine, ported state by
// state, with the long runs found by native searches (indexOf) instead; the tree rules of its
// Parser (implied closes, void elements, foreign content) are kept as they are, quirks
// included, so that the page reader sees exactly what it saw before. test/checker/html-events
// runs both over every page fixture and thousands of generated documents and compares the events.
//
// Entities are decoded by the same decoder htmlparser2 uses (the `entities` package).
import { DecodingMode, EntityDecoder, htmlDecodeTree } from 'entities/decode';

export interface HtmlHandler {
  /** A start tag, after its attributes (the first of a repeated attribute wins; names lower-cased). */
  onopentag(name: string, attribs: Record<string, string>): void;
  /** The element on top of the open elements closes (explicitly, implied, or at the end). */
  onclosetag(name: string): void;
  /** Decoded text; a text node may come in several pieces. */
  ontext(text: string): void;
  oncomment(text: string): void;
  /** `<!...>` and `<?...>`: `name` is `!doctype`, `?xml`...; `data` the whole inside. */
  onprocessinginstruction(name: string, data: string): void;
}

// The tokenizer's states (htmlparser2's names).
const TEXT = 1;
const BEFORE_TAG_NAME = 2;
const IN_TAG_NAME = 3;
const IN_SELF_CLOSING_TAG = 4;
const BEFORE_CLOSING_TAG_NAME = 5;
const IN_CLOSING_TAG_NAME = 6;
const AFTER_CLOSING_TAG_NAME = 7;
const BEFORE_ATTRIBUTE_NAME = 8;
const IN_ATTRIBUTE_NAME = 9;
const AFTER_ATTRIBUTE_NAME = 10;
const BEFORE_ATTRIBUTE_VALUE = 11;
const IN_ATTRIBUTE_VALUE_DQ = 12;
const IN_ATTRIBUTE_VALUE_SQ = 13;
const IN_ATTRIBUTE_VALUE_NQ = 14;
const BEFORE_DECLARATION = 15;
const IN_DECLARATION = 16;
const IN_PROCESSING_INSTRUCTION = 17;
const BEFORE_COMMENT = 18;
const CDATA_SEQUENCE = 19;
const IN_SPECIAL_COMMENT = 20;
const IN_COMMENT_LIKE = 21;
const BEFORE_SPECIAL_S = 22;
const BEFORE_SPECIAL_T = 23;
const SPECIAL_START_SEQUENCE = 24;
const IN_SPECIAL_TAG = 25;
const IN_ENTITY = 26;

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;
const DASH = 0x2d;
const BRACKET = 0x5b;

const codes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const CDATA = codes('CDATA[');
const SCRIPT_END = codes('</script');
const STYLE_END = codes('</style');
const TITLE_END = codes('</title');
const TEXTAREA_END = codes('</textarea');
const XMP_END = codes('</xmp');

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
}

function isEndOfTagSection(c: number): boolean {
  return c === SLASH || c === GT || isWhitespace(c);
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

// htmlparser2's Parser tables.
const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const P_TAG = new Set(['p']);
const TABLE_SECTION_TAGS = new Set(['thead', 'tbody']);
const DDT_TAGS = new Set(['dd', 'dt']);
const RTP_TAGS = new Set(['rt', 'rp']);
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])], ['th', new Set(['th'])], ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])], ['li', new Set(['li'])],
  ['p', P_TAG], ['h1', P_TAG], ['h2', P_TAG], ['h3', P_TAG], ['h4', P_TAG], ['h5', P_TAG], ['h6', P_TAG],
  ['select', FORM_TAGS], ['input', FORM_TAGS], ['output', FORM_TAGS], ['button', FORM_TAGS],
  ['datalist', FORM_TAGS], ['textarea', FORM_TAGS],
  ['option', new Set(['option'])], ['optgroup', new Set(['optgroup', 'option'])], ['dd', DDT_TAGS], ['dt', DDT_TAGS],
  ['address', P_TAG], ['article', P_TAG], ['aside', P_TAG], ['blockquote', P_TAG], ['details', P_TAG],
  ['div', P_TAG], ['dl', P_TAG], ['fieldset', P_TAG], ['figcaption', P_TAG], ['figure', P_TAG],
  ['footer', P_TAG], ['form', P_TAG], ['header', P_TAG], ['hr', P_TAG], ['main', P_TAG], ['nav', P_TAG],
  ['ol', P_TAG], ['pre', P_TAG], ['section', P_TAG], ['table', P_TAG], ['ul', P_TAG],
  ['rt', RTP_TAGS], ['rp', RTP_TAGS], ['tbody', TABLE_SECTION_TAGS], ['tfoot', TABLE_SECTION_TAGS],
]);
const VOID_ELEMENTS = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
const FOREIGN_CONTEXT_ELEMENTS = new Set(['math', 'svg']);
const HTML_INTEGRATION_ELEMENTS = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);
const NAME_END = /\s|\//;

// What the tree rules need to know of a tag name, in one lookup per tag.
const VOID = 1;
const FOREIGN = 2;
const INTEGRATION = 4;
const TAG_FLAGS = new Map<string, number>();
for (const name of VOID_ELEMENTS) TAG_FLAGS.set(name, VOID);
for (const name of FOREIGN_CONTEXT_ELEMENTS) TAG_FLAGS.set(name, (TAG_FLAGS.get(name) ?? 0) | FOREIGN);
for (const name of HTML_INTEGRATION_ELEMENTS) TAG_FLAGS.set(name, (TAG_FLAGS.get(name) ?? 0) | INTEGRATION);

/** Parses a whole document, calling `handler` as htmlparser2's Parser would. */
export function parseHtml(html: string, handler: HtmlHandler): void {
  const n = html.length;
  let state: number = TEXT;
  let sectionStart = 0;
  let i = 0;
  let baseState: number = TEXT;
  let entityStart = 0;
  let isSpecial = false;
  let sequence: Uint8Array = SCRIPT_END;
  let sequenceIndex = 0;
  // The next '&' at or after i (n when none): text and attribute values stop only there and at their ends.
  let nextAmp = -1;
  // An unterminated `<![CDATA[` (rather than comment) runs to the end.
  let unterminatedCdata = false;

  // The Parser's state. The open elements and the foreign-content flags: innermost last.
  const stack: string[] = [];
  const foreign: boolean[] = [false];
  let tagname = '';
  let tagflags = 0;
  let attribs: Record<string, string> | null = null;
  let attribname = '';
  let attribvalue = '';

  const ampFrom = (from: number): number => {
    if (nextAmp < from) {
      nextAmp = html.indexOf('&', from);
      if (nextAmp === -1) nextAmp = n;
    }
    return nextAmp;
  };

  // --- Parser callbacks ---
  function text(start: number, end: number): void {
    handler.ontext(html.slice(start, end));
  }

  function emitOpenTag(name: string): void {
    tagname = name;
    tagflags = TAG_FLAGS.get(name) ?? 0;
    const impliesClose = OPEN_IMPLIES_CLOSE.get(name);
    if (impliesClose) {
      while (stack.length > 0 && impliesClose.has(stack[stack.length - 1] as string)) {
        handler.onclosetag(stack.pop() as string);
      }
    }
    if ((tagflags & VOID) === 0) {
      stack.push(name);
      if (tagflags & FOREIGN) foreign.push(true);
      else if (tagflags & INTEGRATION) foreign.push(false);
    }
    attribs = {};
  }

  function endOpenTag(): void {
    if (attribs) {
      handler.onopentag(tagname, attribs);
      attribs = null;
    }
    if (tagflags & VOID) handler.onclosetag(tagname);
    tagname = '';
    tagflags = 0;
  }

  function closeCurrentTag(): void {
    const name = tagname;
    endOpenTag();
    if (stack[stack.length - 1] === name) {
      handler.onclosetag(name);
      stack.pop();
    }
  }

  function closeTag(start: number, end: number): void {
    // Most end tags close the innermost element, written as it was opened: that name, uncopied.
    const top = stack.length > 0 ? (stack[stack.length - 1] as string) : '';
    const name = top.length === end - start && html.startsWith(top, start) ? top : html.slice(start, end).toLowerCase();
    const flags = TAG_FLAGS.get(name) ?? 0;
    if (flags & (FOREIGN | INTEGRATION)) foreign.pop();
    if ((flags & VOID) === 0) {
      const pos = stack.lastIndexOf(name);
      if (pos !== -1) {
        while (stack.length > pos) handler.onclosetag(stack.pop() as string);
      } else if (name === 'p') {
        // An end tag without its start: htmlparser2 opens and closes an empty one.
        emitOpenTag('p');
        closeCurrentTag();
      }
    } else if (name === 'br') {
      handler.onopentag('br', {});
      handler.onclosetag('br');
    }
  }

  function attribEnd(): void {
    if (attribs && !Object.prototype.hasOwnProperty.call(attribs, attribname)) attribs[attribname] = attribvalue;
    attribvalue = '';
  }

  function instruction(prefix: string, start: number, end: number): void {
    const value = html.slice(start, end);
    const index = value.search(NAME_END);
    const name = (index < 0 ? value : value.slice(0, index)).toLowerCase();
    handler.onprocessinginstruction(prefix + name, prefix + value);
  }

  // --- Entities ---
  // Where the text goes on after an entity the decoder just emitted.
  let resume = -1;
  const decoder = new EntityDecoder(htmlDecodeTree, (cp, consumed) => {
    if (baseState !== TEXT && baseState !== IN_SPECIAL_TAG) {
      if (sectionStart < entityStart) attribvalue += html.slice(sectionStart, entityStart);
      sectionStart = entityStart + consumed;
      attribvalue += String.fromCodePoint(cp);
    } else {
      if (sectionStart < entityStart) text(sectionStart, entityStart);
      sectionStart = entityStart + consumed;
      handler.ontext(String.fromCodePoint(cp));
    }
    resume = sectionStart;
  });

  /** An '&' at i in the current state: decodes what follows; gives the index to go on from. */
  function entity(at: number): number {
    baseState = state;
    entityStart = at;
    decoder.startEntity(state === TEXT || state === IN_SPECIAL_TAG ? DecodingMode.Legacy : DecodingMode.Attribute);
    resume = -1;
    const length = decoder.write(html, at + 1);
    if (length > 0 && resume !== -1) return resume;
    if (length >= 0) return at + 1;
    // The text ended inside what may be an entity: finished at the end (finish()).
    if (at + 1 < n && html.charCodeAt(at + 1) === AMP) return at + 1;
    state = IN_ENTITY;
    return n;
  }

  // --- Tokenizer states that other states hand a character on to ---
  function inTagName(c: number): void {
    if (isEndOfTagSection(c)) {
      emitOpenTag(html.slice(sectionStart, i).toLowerCase());
      sectionStart = -1;
      state = BEFORE_ATTRIBUTE_NAME;
      beforeAttributeName(c);
    }
  }

  function beforeAttributeName(c: number): void {
    if (c === GT) {
      endOpenTag();
      if (isSpecial) {
        state = IN_SPECIAL_TAG;
        sequenceIndex = 0;
      } else {
        state = TEXT;
      }
      sectionStart = i + 1;
    } else if (c === SLASH) {
      state = IN_SELF_CLOSING_TAG;
    } else if (!isWhitespace(c)) {
      state = IN_ATTRIBUTE_NAME;
      sectionStart = i;
    }
  }

  function afterAttributeName(c: number): void {
    if (c === EQ) {
      state = BEFORE_ATTRIBUTE_VALUE;
    } else if (c === SLASH || c === GT) {
      attribEnd();
      sectionStart = -1;
      state = BEFORE_ATTRIBUTE_NAME;
      beforeAttributeName(c);
    } else if (!isWhitespace(c)) {
      attribEnd();
      state = IN_ATTRIBUTE_NAME;
      sectionStart = i;
    }
  }

  function inClosingTagName(c: number): void {
    if (c === GT || isWhitespace(c)) {
      closeTag(sectionStart, i);
      sectionStart = -1;
      state = AFTER_CLOSING_TAG_NAME;
      afterClosingTagName(c);
    }
  }

  /**
   * htmlparser2's `c === '>' || fastForwardTo('>')`: true with i on the '>' that ends what the
   * current state reads, false (i on the last character) when the text has none left.
   */
  function atGt(c: number): boolean {
    if (c === GT) return true;
    const gt = html.indexOf('>', i + 1);
    if (gt === -1) {
      i = n - 1;
      return false;
    }
    i = gt;
    return true;
  }

  function afterClosingTagName(c: number): void {
    if (!atGt(c)) return;
    state = TEXT;
    sectionStart = i + 1;
  }

  function inDeclaration(c: number): void {
    if (!atGt(c)) return;
    instruction('!', sectionStart, i);
    state = TEXT;
    sectionStart = i + 1;
  }

  function inText(c: number): void {
    if (c === LT) {
      if (i > sectionStart) text(sectionStart, i);
      state = BEFORE_TAG_NAME;
      sectionStart = i;
    } else if (c === AMP) {
      i = entity(i) - 1;
    }
  }

  function startSpecial(seq: Uint8Array, offset: number): void {
    isSpecial = true;
    sequence = seq;
    sequenceIndex = offset;
    state = SPECIAL_START_SEQUENCE;
  }

  // --- The main loop: `i` is the character being looked at; each step ends with i++. ---
  for (; i < n; i++) {
    const c = html.charCodeAt(i);
    switch (state) {
      case TEXT: {
        if (c !== LT && c !== AMP) {
          // Jump to the next '<' or '&': everything before is this text node.
          let lt = html.indexOf('<', i + 1);
          if (lt === -1) lt = n;
          const amp = ampFrom(i + 1);
          i = (amp < lt ? amp : lt) - 1;
          break;
        }
        inText(c);
        break;
      }
      case SPECIAL_START_SEQUENCE: {
        const isEnd = sequenceIndex === sequence.length;
        const isMatch = isEnd ? isEndOfTagSection(c) : (c | 0x20) === sequence[sequenceIndex];
        if (!isMatch) {
          isSpecial = false;
        } else if (!isEnd) {
          sequenceIndex++;
          break;
        }
        sequenceIndex = 0;
        state = IN_TAG_NAME;
        inTagName(c);
        break;
      }
      case IN_SPECIAL_TAG: {
        if (sequenceIndex === sequence.length) {
          if (c === GT || isWhitespace(c)) {
            const endOfText = i - sequence.length;
            if (sectionStart < endOfText) text(sectionStart, endOfText);
            isSpecial = false;
            sectionStart = endOfText + 2;
            inClosingTagName(c);
            break;
          }
          sequenceIndex = 0;
        }
        if ((c | 0x20) === sequence[sequenceIndex]) {
          sequenceIndex++;
        } else if (sequenceIndex === 0) {
          if (sequence === TITLE_END) {
            if (c === AMP) i = entity(i) - 1;
          } else {
            const lt = html.indexOf('<', i + 1);
            if (lt === -1) {
              i = n - 1;
            } else {
              i = lt;
              sequenceIndex = 1;
            }
          }
        } else {
          sequenceIndex = c === LT ? 1 : 0;
        }
        break;
      }
      case CDATA_SEQUENCE: {
        if (c === CDATA[sequenceIndex]) {
          if (++sequenceIndex === CDATA.length) {
            sequenceIndex = 0;
            sectionStart = i + 1;
            // "]]>" ends it (htmlparser2's CdataEnd sequence: the first occurrence).
            const end = html.indexOf(']]>', i + 1);
            if (end === -1) {
              state = IN_COMMENT_LIKE;
              unterminatedCdata = true;
              i = n - 1;
              break;
            }
            i = end + 2;
            handler.oncomment(`[CDATA[${html.slice(sectionStart, end)}]]`);
            state = TEXT;
            sectionStart = i + 1;
          }
        } else {
          sequenceIndex = 0;
          state = IN_DECLARATION;
          inDeclaration(c);
        }
        break;
      }
      case IN_ATTRIBUTE_VALUE_DQ:
      case IN_ATTRIBUTE_VALUE_SQ: {
        const quote = state === IN_ATTRIBUTE_VALUE_DQ ? DQ : SQ;
        if (c === quote) {
          if (sectionStart < i) attribvalue += html.slice(sectionStart, i);
          sectionStart = -1;
          attribEnd();
          state = BEFORE_ATTRIBUTE_NAME;
        } else if (c === AMP) {
          i = entity(i) - 1;
        } else {
          let end = html.indexOf(quote === DQ ? '"' : "'", i + 1);
          if (end === -1) end = n;
          const amp = ampFrom(i + 1);
          i = (amp < end ? amp : end) - 1;
        }
        break;
      }
      case IN_ATTRIBUTE_NAME: {
        if (c === EQ || isEndOfTagSection(c)) {
          attribname = html.slice(sectionStart, i).toLowerCase();
          sectionStart = i;
          state = AFTER_ATTRIBUTE_NAME;
          afterAttributeName(c);
        }
        break;
      }
      case IN_COMMENT_LIKE:
        // Only reached for an unterminated comment or CDATA section: nothing more to do until the end.
        i = n - 1;
        break;
      case IN_SPECIAL_COMMENT: {
        if (atGt(c)) {
          handler.oncomment(html.slice(sectionStart, i));
          state = TEXT;
          sectionStart = i + 1;
        }
        break;
      }
      case BEFORE_ATTRIBUTE_NAME:
        beforeAttributeName(c);
        break;
      case IN_TAG_NAME:
        inTagName(c);
        break;
      case IN_CLOSING_TAG_NAME:
        inClosingTagName(c);
        break;
      case BEFORE_TAG_NAME: {
        if (c === BANG) {
          state = BEFORE_DECLARATION;
          sectionStart = i + 1;
        } else if (c === QUESTION) {
          state = IN_PROCESSING_INSTRUCTION;
          sectionStart = i + 1;
        } else if (isAsciiAlpha(c)) {
          const lower = c | 0x20;
          sectionStart = i;
          if (lower === 0x73) state = BEFORE_SPECIAL_S; // s: script, style
          else if (lower === 0x74 || lower === 0x78) state = BEFORE_SPECIAL_T; // t, x: title, textarea, xmp
          else state = IN_TAG_NAME;
        } else if (c === SLASH) {
          state = BEFORE_CLOSING_TAG_NAME;
        } else {
          state = TEXT;
          inText(c);
        }
        break;
      }
      case AFTER_ATTRIBUTE_NAME:
        afterAttributeName(c);
        break;
      case BEFORE_ATTRIBUTE_VALUE: {
        if (c === DQ) {
          state = IN_ATTRIBUTE_VALUE_DQ;
          sectionStart = i + 1;
        } else if (c === SQ) {
          state = IN_ATTRIBUTE_VALUE_SQ;
          sectionStart = i + 1;
        } else if (!isWhitespace(c)) {
          sectionStart = i;
          state = IN_ATTRIBUTE_VALUE_NQ;
          i--; // looked at again as part of the unquoted value
        }
        break;
      }
      case BEFORE_CLOSING_TAG_NAME: {
        if (isWhitespace(c)) {
          // Skipped.
        } else if (c === GT) {
          state = TEXT;
        } else {
          state = isAsciiAlpha(c) ? IN_CLOSING_TAG_NAME : IN_SPECIAL_COMMENT;
          sectionStart = i;
        }
        break;
      }
      case AFTER_CLOSING_TAG_NAME:
        afterClosingTagName(c);
        break;
      case BEFORE_SPECIAL_S: {
        const lower = c | 0x20;
        if (lower === 0x63) startSpecial(SCRIPT_END, 4); // c
        else if (lower === 0x74) startSpecial(STYLE_END, 4); // t
        else {
          state = IN_TAG_NAME;
          inTagName(c);
        }
        break;
      }
      case BEFORE_SPECIAL_T: {
        const lower = c | 0x20;
        if (lower === 0x69) startSpecial(TITLE_END, 4); // i
        else if (lower === 0x65) startSpecial(TEXTAREA_END, 4); // e
        else if (lower === 0x6d) startSpecial(XMP_END, 4); // m
        else {
          state = IN_TAG_NAME;
          inTagName(c);
        }
        break;
      }
      case IN_ATTRIBUTE_VALUE_NQ: {
        if (isWhitespace(c) || c === GT) {
          if (sectionStart < i) attribvalue += html.slice(sectionStart, i);
          sectionStart = -1;
          attribEnd();
          state = BEFORE_ATTRIBUTE_NAME;
          beforeAttributeName(c);
        } else if (c === AMP) {
          i = entity(i) - 1;
        }
        break;
      }
      case IN_SELF_CLOSING_TAG: {
        if (c === GT) {
          // Self-closing counts only in foreign content (svg, math); elsewhere it is an ordinary start tag.
          if (foreign[foreign.length - 1] === true) {
            closeCurrentTag();
          } else {
            endOpenTag();
          }
          state = TEXT;
          sectionStart = i + 1;
          isSpecial = false;
        } else if (!isWhitespace(c)) {
          state = BEFORE_ATTRIBUTE_NAME;
          beforeAttributeName(c);
        }
        break;
      }
      case IN_DECLARATION:
        inDeclaration(c);
        break;
      case BEFORE_DECLARATION: {
        if (c === BRACKET) {
          state = CDATA_SEQUENCE;
          sequenceIndex = 0;
        } else if (c === DASH) {
          state = BEFORE_COMMENT;
        } else {
          // As in htmlparser2, this character is not looked at again (`<!>` runs to the next '>').
          state = IN_DECLARATION;
        }
        break;
      }
      case BEFORE_COMMENT: {
        if (c === DASH) {
          // "<!--": the comment ends at the first "-->", which may reuse these two dashes ("<!-->").
          sectionStart = i + 1;
          const end = html.indexOf('-->', i - 1);
          if (end === -1) {
            state = IN_COMMENT_LIKE;
            i = n - 1;
            break;
          }
          i = end + 2;
          handler.oncomment(sectionStart < end ? html.slice(sectionStart, end) : '');
          state = TEXT;
          sectionStart = i + 1;
        } else {
          state = IN_DECLARATION;
        }
        break;
      }
      case IN_PROCESSING_INSTRUCTION: {
        if (atGt(c)) {
          instruction('?', sectionStart, i);
          state = TEXT;
          sectionStart = i + 1;
        }
        break;
      }
    }
  }

  // --- The end: htmlparser2's cleanup, finish and handleTrailingData ---
  if (state === TEXT || (state === IN_SPECIAL_TAG && sequenceIndex === 0)) {
    if (sectionStart !== n) {
      text(sectionStart, n);
      sectionStart = n;
    }
  }
  if (state === IN_ENTITY) {
    decoder.end();
    state = baseState;
  }
  if (sectionStart < n) {
    if (state === IN_COMMENT_LIKE) {
      const rest = html.slice(sectionStart, n);
      handler.oncomment(unterminatedCdata ? `[CDATA[${rest}]]` : rest);
    } else if (
      state === IN_TAG_NAME || state === BEFORE_ATTRIBUTE_NAME || state === BEFORE_ATTRIBUTE_VALUE ||
      state === AFTER_ATTRIBUTE_NAME || state === IN_ATTRIBUTE_NAME || state === IN_ATTRIBUTE_VALUE_SQ ||
      state === IN_ATTRIBUTE_VALUE_DQ || state === IN_ATTRIBUTE_VALUE_NQ || state === IN_CLOSING_TAG_NAME
    ) {
      // An unfinished tag at the very end is dropped.
    } else {
      // htmlparser2 emits the rest as text, from wherever its section started (-1: the last character).
      handler.ontext(sectionStart < 0 ? html.slice(sectionStart) : html.slice(sectionStart, n));
    }
  }
  for (let k = stack.length - 1; k >= 0; k--) handler.onclosetag(stack[k] as string);
}
