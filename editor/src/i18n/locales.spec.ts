/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Strings = { [key: string]: string | Strings };

const root = join(__dirname, 'locales');
const namespaces = readdirSync(join(root, 'en')).map((file) => file.replace(/\.json$/, ''));
const load = (language: string, namespace: string): Strings => JSON.parse(readFileSync(join(root, language, `${namespace}.json`), 'utf8')) as Strings;

/** Every key a string lives under, plural forms folded into their stem (Chinese has only `_other`). */
function keys(strings: Strings, prefix = ''): string[] {
  return Object.entries(strings)
    .flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key.replace(/_(one|other)$/, '')}`] : keys(value, `${prefix}${key}.`)))
    .filter((key, index, all) => all.indexOf(key) === index)
    .sort();
}

function flat(strings: Strings, prefix = ''): string[] {
  return Object.entries(strings).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : flat(value, `${prefix}${key}.`)));
}

// An empty English file means the English comes from elsewhere: node titles from the catalogue.
const translated = namespaces.filter((namespace) => Object.keys(load('en', namespace)).length > 0);

describe('translations', () => {
  it.each(namespaces)('has a Chinese %s file', (namespace) => {
    expect(readdirSync(join(root, 'zh'))).toContain(`${namespace}.json`);
  });

  it.each(translated)('has every English %s string in Chinese too, and nothing more', (namespace) => {
    expect(keys(load('zh', namespace))).toEqual(keys(load('en', namespace)));
  });

  it.each(translated)('gives English %s plurals both forms', (namespace) => {
    const english = flat(load('en', namespace));
    for (const key of english.filter((key) => key.endsWith('_one'))) expect(english).toContain(key.replace(/_one$/, '_other'));
  });
});
