// countWords against the plain global match it replaced, on page texts and on random mixtures of
// scripts, digits, marks, punctuation and spaces (the ASCII shortcut must never change a count).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysePage } from '../../src/checker/page.ts';
import { collapseSpace, countWords, WORD_COUNT_CAP } from '../../src/checker/text.ts';
import { fixture } from './helpers.ts';

const WORD = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}]+|[\p{L}\p{M}\p{N}]+/gu;
const UNSPACED = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}]/u;

function reference(text: string): number {
  let count = 0;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null && count < WORD_COUNT_CAP; match = WORD.exec(text)) {
    count += UNSPACED.test(match[0]) ? Math.ceil(match[0].length / 2) : 1;
  }
  WORD.lastIndex = 0;
  return Math.min(count, WORD_COUNT_CAP);
}

const PIECES = [
  'a', 'Z', '7', 'word', 'x1', ' ', '  ', '\n', '\u00a0', '-', "'", '.', '_', '$', '@', '|', 'é', 'ß', 'e\u0301', 'Ω', 'мир', 'سلام',
  'ﻻ', '日本', 'ひらがな', 'カタカナ', '。', '、', 'ー', 'ไทย', '한국', '١٢', '²', '½', '😀', '\ud83d', '\u200b', '\u3000', 'A\u0300b',
];

describe('countWords', () => {
  it.each(readdirSync(new URL('./pages/', import.meta.url)).filter((n) => n.endsWith('.html')))('%s: visible and main text', (name) => {
    const page = analysePage(fixture(name), 'text/html; charset=utf-8');
    expect(countWords(page.visibleText)).toBe(reference(page.visibleText));
    expect(countWords(page.mainText)).toBe(reference(page.mainText));
  });

  it('random mixtures of scripts and symbols', () => {
    let state = 7;
    const next = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    for (let round = 0; round < 5000; round++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)];
      expect(countWords(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it('stops at the cap like the plain match', () => {
    for (const text of ['w '.repeat(5000), '日本語'.repeat(3000), `${'w '.repeat(1999)}日本語日本語`, `${'w '.repeat(1999)}x`]) {
      expect(countWords(text)).toBe(reference(text));
    }
  });
});

describe('collapseSpace', () => {
  const plain = (text: string): string => text.replace(/\s+/g, ' ').trim();

  it('treats every UTF-16 code unit as /\\s/ does', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      for (const text of [`a${c}b`, `a${c}${c}b`, `a ${c}b`, `a${c} b`, `${c}a${c}`]) {
        if (collapseSpace(text) !== plain(text)) expect({ code, got: collapseSpace(text) }).toEqual({ code, got: plain(text) });
      }
    }
  });

  it('agrees with the plain replacement on page texts', () => {
    for (const name of readdirSync(new URL('./pages/', import.meta.url)).filter((n) => n.endsWith('.html'))) {
      const raw = new TextDecoder().decode(fixture(name));
      expect(collapseSpace(raw)).toBe(plain(raw));
    }
  });
});
