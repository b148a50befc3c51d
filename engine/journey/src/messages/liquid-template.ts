import { Liquid, Template } from 'liquidjs';

/**
 * Liquid as templates use it: strict, so a variable no contact can have and an unknown filter
 * are errors when the template is saved, not blanks in a sent message. `lenientIf` keeps the
 * two ways of writing a fallback working for a value one contact lacks: `{% if contact.traits.city %}`
 * and `{{ contact.traits.city | default: "朋友" }}`; without one, such a contact's send fails
 * with the variable named instead of going out with a hole in it.
 */
const options = {
  strictVariables: true,
  strictFilters: true,
  lenientIf: true,
  ownPropertyOnly: true,
  // No files: `include`, `render` and `layout` look in this empty mapping, never on the disk.
  templates: {},
  // A template is written by a marketer and rendered on servers: bounded in size, time and memory.
  parseLimit: 1_000_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
};
const engines = { text: new Liquid(options), html: new Liquid({ ...options, outputEscape: 'escape' }) };

/** Where a value is written: HTML escapes what it inserts, text inserts it as is. */
export type LiquidFlavour = keyof typeof engines;

/** Fields of `contact` a template may read; `traits` holds whatever the workspace keeps on people. */
export const templateContactFields = ['id', 'userId', 'email', 'phone', 'lifecycleStage', 'tags', 'groups', 'timezone', 'traits'] as const;
export type TemplateContactField = (typeof templateContactFields)[number];

/** Everything a template may read, as its render scope has it. */
export interface TemplateScope {
  contact: Partial<Record<Exclude<TemplateContactField, 'traits' | 'tags' | 'groups'>, string>> & { tags: string[]; groups: string[]; traits: Record<string, unknown> };
  /** A link that unsubscribes the contact from this channel's marketing messages. */
  unsubscribeUrl: string;
}

const roots = new Set(['contact', 'unsubscribeUrl']);
const contactFields = new Set<string>(templateContactFields);

export interface LiquidProblem {
  message: string;
  line?: number;
  column?: number;
}

/** The problems of one Liquid text: its syntax, then every variable no scope can have. */
export function checkLiquid(source: string, flavour: LiquidFlavour = 'text'): LiquidProblem[] {
  const refused = refusedTag.exec(source) ?? (flavour === 'html' ? rawFilter.exec(source) : null);
  if (refused) return [{ message: `"${refused[1]}" is not available in message templates${refused[1] === 'raw' ? ' (values in HTML are escaped)' : ': a template cannot read other files'}`, ...positionOf(source, refused.index) }];
  let parsed: Template[];
  try {
    parsed = engines[flavour].parse(source);
  } catch (error) {
    return [problemOf(error)];
  }
  const problems: LiquidProblem[] = [];
  for (const variables of Object.values(engines[flavour].analyzeSync(parsed).globals)) {
    for (const variable of variables) {
      const unknown = unknownVariable(variable.segments.map((segment) => (typeof segment === 'object' ? '[…]' : segment)));
      if (unknown) problems.push({ message: unknown, line: variable.location.row, column: variable.location.col });
    }
  }
  return problems;
}

/** The scope roots a text reads (`contact`, `unsubscribeUrl`); none for a text that does not parse (`checkLiquid` says why). */
export function liquidRoots(source: string, flavour: LiquidFlavour = 'text'): Set<string> {
  try {
    return new Set(Object.keys(engines[flavour].analyzeSync(parsedOf(source, flavour)).globals));
  } catch {
    return new Set();
  }
}

/** Why a variable path names nothing a scope has, or undefined when it is fine. */
function unknownVariable(path: readonly (string | number)[]): string | undefined {
  const [root, field, key] = path;
  const name = path.join('.');
  if (typeof root !== 'string' || !roots.has(root)) return `unknown variable "${name}": templates read "contact.…" and "unsubscribeUrl"`;
  if (root !== 'contact' || field === undefined) return undefined;
  if (typeof field !== 'string' || !contactFields.has(field)) return `unknown variable "${name}": a contact has ${templateContactFields.join(', ')}`;
  if (field === 'traits' && key === undefined) return `"contact.traits" is every trait at once: name one, e.g. "contact.traits.firstName"`;
  return undefined;
}

/** Parsed templates by flavour and source: a send renders the same few texts for every contact. */
const parsedTexts = new Map<string, Template[]>();
const maxParsedTexts = 2_000;

function parsedOf(source: string, flavour: LiquidFlavour): Template[] {
  const key = `${flavour}\u0000${source}`;
  let parsed = parsedTexts.get(key);
  if (!parsed) {
    parsed = engines[flavour].parse(source);
    // Oldest first: dropping the first entry keeps the cache bounded.
    if (parsedTexts.size >= maxParsedTexts) parsedTexts.delete(parsedTexts.keys().next().value!);
    parsedTexts.set(key, parsed);
  }
  return parsed;
}

/** Renders a checked text for one contact; fails naming the variable the contact lacks. */
export function renderLiquid(source: string, scope: TemplateScope, flavour: LiquidFlavour = 'text'): string {
  return engines[flavour].renderSync(parsedOf(source, flavour), scope) as string;
}

const refusedTag = /\{%-?\s*(include|render|layout)\b/;
const rawFilter = /\|\s*(raw)\b/;

/** Line and column (1-based) of an offset in the source. */
function positionOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function problemOf(error: unknown): LiquidProblem {
  const message = error instanceof Error ? error.message : String(error);
  // liquidjs ends its messages with ", line:2, col:5"; the position is returned on its own.
  const position = /,? ?line:(\d+), col:(\d+)/.exec(message);
  const text = position ? message.slice(0, position.index).trim() : message;
  return position ? { message: text, line: Number(position[1]), column: Number(position[2]) } : { message: text };
}
