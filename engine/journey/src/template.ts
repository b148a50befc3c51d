import { z } from 'zod';
import { journeyDefinition, type JourneyDefinition } from './definition';

const parameterName = z.string().regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'parameter names are camelCase letters and digits, e.g. "discount"');
const common = { title: z.string().trim().min(1).max(200), description: z.string().max(1000).optional() };

/** A value a template asks for when a journey is made from it: typed, defaulted, bounded. */
export const templateParameter = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('string'), ...common, default: z.string().max(2000).optional(), enum: z.array(z.string().max(200)).min(1).max(100).optional(), maxLength: z.number().int().positive().max(2000).optional() }),
  z.strictObject({ type: z.literal('number'), ...common, default: z.number().finite().optional(), minimum: z.number().finite().optional(), maximum: z.number().finite().optional() }),
  z.strictObject({ type: z.literal('integer'), ...common, default: z.number().int().optional(), minimum: z.number().int().optional(), maximum: z.number().int().optional() }),
  z.strictObject({ type: z.literal('boolean'), ...common, default: z.boolean().optional() }),
  z.strictObject({ type: z.literal('tags'), ...common, default: z.array(z.string().trim().min(1).max(100)).max(50).optional() }),
]);
export type TemplateParameter = z.infer<typeof templateParameter>;

/** Where a template uses a parameter: the whole JSON value `{ "$param": "discount" }` becomes its value. */
export interface ParameterReference {
  $param: string;
}

function isReference(value: unknown): value is ParameterReference {
  return !!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { $param?: unknown }).$param === 'string';
}

function references(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (isReference(value)) found.add(value.$param);
  else if (Array.isArray(value)) value.forEach((item) => references(item, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => references(item, found));
  return found;
}

/** The zod schema of one parameter's value, from its declaration. */
function valueSchema(parameter: TemplateParameter): z.ZodType {
  switch (parameter.type) {
    case 'string': {
      const text = z.string().max(parameter.maxLength ?? 2000);
      return parameter.enum ? text.refine((value) => parameter.enum!.includes(value), `one of: ${parameter.enum.join(', ')}`) : text;
    }
    case 'number':
    case 'integer': {
      let number = parameter.type === 'integer' ? z.number().int() : z.number().finite();
      if (parameter.minimum !== undefined) number = number.min(parameter.minimum);
      if (parameter.maximum !== undefined) number = number.max(parameter.maximum);
      return number;
    }
    case 'boolean':
      return z.boolean();
    case 'tags':
      return z.array(z.string().trim().min(1).max(100)).max(50);
  }
}

/** A journey template as growth teams keep it in git under workflows/: one file per template. */
export const journeyTemplate = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'template ids are lower-case words joined by "-" (the file name without .json)'),
    version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'versions are semver, e.g. "1.2.0"'),
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(2000),
    /** The title and description in other languages (the gallery shows the reader's), e.g. `{ "zh": { … } }`. */
    locales: z
      .partialRecord(
        z.enum(['zh', 'en']),
        z.strictObject({
          title: z.string().trim().min(1).max(200),
          description: z.string().trim().min(1).max(2000),
          /** Parameter titles in that language, by parameter name. */
          parameters: z.record(z.string(), z.string().trim().min(1).max(200)).optional(),
        }),
      )
      .default({}),
    parameters: z.record(parameterName, templateParameter).default({}),
    journey: journeyDefinition,
  })
  .superRefine((template, context) => {
    for (const name of references(template.journey)) {
      if (!(name in template.parameters)) context.addIssue({ code: 'custom', path: ['journey'], message: `"$param": "${name}" names no declared parameter` });
    }
    for (const [language, words] of Object.entries(template.locales)) {
      for (const name of Object.keys(words?.parameters ?? {})) {
        if (!(name in template.parameters)) context.addIssue({ code: 'custom', path: ['locales', language, 'parameters', name], message: `no parameter "${name}" to translate` });
      }
    }
    for (const [name, parameter] of Object.entries(template.parameters)) {
      if (parameter.default !== undefined && !valueSchema(parameter).safeParse(parameter.default).success) {
        context.addIssue({ code: 'custom', path: ['parameters', name, 'default'], message: 'the default does not fit the parameter' });
      }
    }
  });
export type JourneyTemplate = z.infer<typeof journeyTemplate>;

/** The parameters as a JSON Schema object, for a form (the editor's gallery, the CLI's help). */
export function templateParametersJsonSchema(template: Pick<JourneyTemplate, 'parameters'>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(template.parameters)) {
    const { type, ...rest } = parameter;
    properties[name] = type === 'tags' ? { ...rest, type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 50 } : { ...rest, type };
  }
  return { type: 'object', properties, required: Object.entries(template.parameters).filter(([, parameter]) => parameter.default === undefined).map(([name]) => name) };
}

export interface ParameterError {
  parameter: string;
  message: string;
}

function substitute(value: unknown, values: Record<string, unknown>): unknown {
  if (isReference(value)) return values[value.$param];
  if (Array.isArray(value)) return value.map((item) => substitute(item, values));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, values)]));
  return value;
}

/**
 * A journey made from a template: each parameter from `values`, else its default; every value
 * checked against its declaration. The result still goes through compile() like any draft.
 */
export function instantiateTemplate(template: JourneyTemplate, values: Record<string, unknown>, name?: string): { ok: true; journey: JourneyDefinition } | { ok: false; errors: ParameterError[] } {
  const errors: ParameterError[] = [];
  const resolved: Record<string, unknown> = {};
  for (const unknown of Object.keys(values).filter((key) => !(key in template.parameters))) errors.push({ parameter: unknown, message: 'the template has no such parameter' });
  for (const [parameterName, parameter] of Object.entries(template.parameters)) {
    const value = values[parameterName] ?? parameter.default;
    if (value === undefined) {
      errors.push({ parameter: parameterName, message: 'required: the template has no default for it' });
      continue;
    }
    const parsed = valueSchema(parameter).safeParse(value);
    if (parsed.success) resolved[parameterName] = parsed.data;
    else errors.push({ parameter: parameterName, message: parsed.error.issues[0]?.message ?? 'invalid value' });
  }
  if (errors.length > 0) return { ok: false, errors };
  const journey = substitute(template.journey, resolved) as JourneyDefinition;
  return { ok: true, journey: name ? { ...journey, name } : journey };
}
