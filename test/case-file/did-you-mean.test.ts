// Suggestions for misspelt keys: close typos and other spellings of the same name, nothing for unrelated words.
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/case-file/did-you-mean.ts';

const keys = ['id', 'title', 'subject', 'claimant', 'jurisdictions', 'facts', 'keywords', 'allow', 'store_media'];

describe('didYouMean', () => {
  it.each([
    ['subjct', 'subject'],
    ['sujbect', 'subject'],
    ['claimnat', 'claimant'],
    ['jurisdiction', 'jurisdictions'],
    ['storeMedia', 'store_media'],
    ['Store-Media', 'store_media'],
    ['ID', 'id'],
    ['fact', 'facts'],
    ['colour', undefined],
    ['x', undefined],
    ['description', undefined],
  ])('%s -> %s', (word, suggestion) => {
    expect(didYouMean(word, keys)).toBe(suggestion);
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['abc', 'acb', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s / %s = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});
