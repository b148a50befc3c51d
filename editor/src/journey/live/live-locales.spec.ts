/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Strings = { [key: string]: string | Strings };

const load = (language: string): Strings => JSON.parse(readFileSync(join(__dirname, '../../i18n/locales', language, 'live.json'), 'utf8')) as Strings;

/** Every key a string lives under, plural forms folded into their stem (Chinese has only `_other`). */
function keys(strings: Strings, prefix = ''): string[] {
  return Object.entries(strings)
    .flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key.replace(/_(one|other)$/, '')}`] : keys(value, `${prefix}${key}.`)))
    .filter((key, index, all) => all.indexOf(key) === index)
    .sort();
}

describe('live view translations', () => {
  it('has every English string in Chinese too, and nothing more', () => {
    expect(keys(load('zh'))).toEqual(keys(load('en')));
  });

  it('gives English plurals both forms', () => {
    const flat = (strings: Strings, prefix = ''): string[] => Object.entries(strings).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : flat(value, `${prefix}${key}.`)));
    const english = flat(load('en'));
    for (const key of english.filter((key) => key.endsWith('_one'))) expect(english).toContain(key.replace(/_one$/, '_other'));
  });
});
