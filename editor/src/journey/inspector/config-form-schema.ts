import type { ErrorSchema, UiSchema } from '@rjsf/utils';

type JsonSchema = Record<string, unknown>;

/** What the pickers offer: names fetched from the API, and ones already used in this journey. */
export interface PickerOptions {
  templates: string[];
  segments: string[];
  events: string[];
  tags: string[];
}

/** Which picker a config property gets, by its name: the catalogue's schemas name these the same everywhere. */
const pickerByName: Record<string, keyof PickerOptions> = {
  template: 'templates',
  segment: 'segments',
  segmentKey: 'segments',
  event: 'events',
  events: 'events',
  add: 'tags',
  remove: 'tags',
  tags: 'tags',
};

const humanize = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_.-]+/g, ' ').replace(/^./, (first) => first.toUpperCase());

/**
 * The form description (@rjsf's uiSchema) for a node config's JSON Schema: labels, pickers by
 * property name, and the rules builder wherever a rule goes. `label` translates a property name.
 */
export function uiSchemaFor(schema: JsonSchema, label: (key: string, fallback: string) => string, isRule: (schema: unknown) => boolean): UiSchema {
  const walk = (node: JsonSchema, key?: string): UiSchema => {
    const ui: UiSchema = {};
    if (key) ui['ui:title'] = label(key, humanize(key));
    // Event property filters are all called `where`; every other rule is about the contact.
    if (key && isRule(node)) return { ...ui, 'ui:field': 'rule', 'ui:options': { subject: key === 'where' ? 'event' : 'contact' } };
    const picker = key ? pickerByName[key] : undefined;
    if (picker && node.type === 'string') ui['ui:widget'] = 'picker';
    if (picker) ui['ui:options'] = { picker };
    const properties = node.properties as Record<string, JsonSchema> | undefined;
    for (const [name, child] of Object.entries(properties ?? {})) ui[name] = walk(child, name);
    const items = node.items as JsonSchema | undefined;
    if (items && typeof items === 'object') {
      // Items are labelled by the list ("Add tags"), not one by one ("Add tags-1").
      ui.items = { ...walk(items), 'ui:label': false };
      if (picker && items.type === 'string') ui.items = { ...ui.items, 'ui:widget': 'picker', 'ui:options': { picker, label: false } };
    }
    return ui;
  };
  return { ...walk(schema), 'ui:submitButtonOptions': { norender: true } };
}

/** Errors where @rjsf shows them: under the field their dotted path names (the compiler's, the API's). */
export function errorSchemaFor(errors: readonly { field?: string; message: string }[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const error of errors) {
    let at = root;
    for (const part of (error.field ?? '').split('.').filter(Boolean)) at = (at[part] ??= {}) as Record<string, unknown>;
    ((at.__errors ??= []) as string[]).push(error.message);
  }
  return root as ErrorSchema;
}

/** An untitled choice of a union named by what tells it apart: its constant (`mode: "never"`), else its type. */
function optionTitle(option: JsonSchema): string | undefined {
  const properties = (option.properties ?? {}) as Record<string, JsonSchema>;
  const constants = Object.values(properties).flatMap((property) => (typeof property.const === 'string' ? [property.const] : []));
  if (constants.length > 0) return constants.join(' · ');
  if (typeof option.const === 'string') return option.const;
  return typeof option.type === 'string' ? option.type : undefined;
}

function titled(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(titled);
  if (!value || typeof value !== 'object') return value;
  const node = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, titled(child)])) as JsonSchema;
  for (const union of ['anyOf', 'oneOf'] as const) {
    const options = node[union];
    if (!Array.isArray(options)) continue;
    node[union] = options.map((option: JsonSchema) => (option.title || !optionTitle(option) ? option : { ...option, title: optionTitle(option) }));
  }
  return node;
}

/**
 * Rules are edited by the rules builder, not by @rjsf: a rule's union (with its recursive $refs)
 * becomes a plain object, or @rjsf would draw its own option pickers under the builder.
 */
function rulesAsObjects(value: unknown, isRule: (schema: unknown) => boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => rulesAsObjects(item, isRule));
  if (!value || typeof value !== 'object') return value;
  const node = value as JsonSchema;
  const children: JsonSchema = {};
  for (const [key, child] of Object.entries(node)) {
    if (key === 'properties' && child && typeof child === 'object') {
      children[key] = Object.fromEntries(
        Object.entries(child as Record<string, JsonSchema>).map(([name, property]) => [
          name,
          isRule(property) ? { type: 'object', ...(property.title ? { title: property.title } : {}), ...(property.description ? { description: property.description } : {}) } : rulesAsObjects(property, isRule),
        ]),
      );
    } else children[key] = key === '$defs' ? child : rulesAsObjects(child, isRule);
  }
  return children;
}

/**
 * The schema as @rjsf reads it: without `$schema` (its validator reads draft-07; zod's output is
 * otherwise compatible), a title on each choice of a union so its picker reads as words, and
 * rules as plain objects for the rules builder. `isRule` recognises a rule in the original schema.
 */
export function formSchemaOf(schema: JsonSchema, isRule: (schema: unknown) => boolean = () => false): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return titled(rulesAsObjects(rest, isRule)) as JsonSchema;
}

/** Names used anywhere in the draft's configs under the picker's property names, for suggestions. */
export function namesInUse(configs: readonly Record<string, unknown>[], picker: keyof PickerOptions): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, key?: string) => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item, key));
    if (value && typeof value === 'object') return Object.entries(value).forEach(([child, inner]) => visit(inner, child));
    if (typeof value === 'string' && key && pickerByName[key] === picker && value.trim()) found.add(value);
  };
  configs.forEach((config) => visit(config));
  return [...found].sort();
}

/** A new node's config: the schema's top-level defaults, nothing invented for optional settings. */
export function defaultsOf(schema: JsonSchema | undefined): Record<string, unknown> {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  return Object.fromEntries(Object.entries(properties).filter(([, property]) => property.default !== undefined).map(([key, property]) => [key, structuredClone(property.default)]));
}
