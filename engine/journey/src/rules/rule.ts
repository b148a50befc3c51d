import { z } from 'zod';
import { duration } from '../duration';

/**
 * One rules model for every condition in Trellis: event property filters, audience filters,
 * branch conditions, condition waits and (later) segments. Rules are plain JSON, evaluated here
 * against a snapshot and translated by the data plane into database queries.
 */

const path = z
  .string()
  .regex(/^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/, 'a dotted path such as "traits.city" or "properties.amount"')
  .max(200);
const scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);
const isoDate = z.iso.datetime({ offset: true });

const base = { kind: z.literal('field'), path };
const withValue = <Op extends string, V extends z.ZodType>(op: Op, value: V) => z.strictObject({ ...base, op: z.literal(op), value });
const withoutValue = <Op extends string>(op: Op) => z.strictObject({ ...base, op: z.literal(op) });

/** Compares one field of the subject (a contact, or an event for property filters). */
export const fieldRule = z.discriminatedUnion('op', [
  withValue('eq', scalar),
  withValue('neq', scalar),
  withValue('in', z.array(scalar).min(1).max(500)),
  withValue('notIn', z.array(scalar).min(1).max(500)),
  withValue('contains', scalar),
  withValue('notContains', scalar),
  withValue('gt', z.number().finite()),
  withValue('gte', z.number().finite()),
  withValue('lt', z.number().finite()),
  withValue('lte', z.number().finite()),
  withoutValue('exists'),
  withoutValue('notExists'),
  withValue('before', isoDate),
  withValue('after', isoDate),
  withValue('withinLast', duration),
  withValue('notWithinLast', duration),
]);
export type FieldRule = z.infer<typeof fieldRule>;
export type FieldOp = FieldRule['op'];

const tag = z.string().trim().min(1).max(100);

export const tagsRule = z.strictObject({
  kind: z.literal('tags'),
  op: z.enum(['has', 'hasNot', 'anyOf', 'allOf', 'noneOf']),
  tags: z.array(tag).min(1).max(100),
});
export type TagsRule = z.infer<typeof tagsRule>;

export type Rule =
  | FieldRule
  | TagsRule
  | { kind: 'event'; name: string; op: 'atLeast' | 'fewerThan' | 'none'; count?: number; within?: z.infer<typeof duration>; where?: Rule }
  | { kind: 'all'; rules: Rule[] }
  | { kind: 'any'; rules: Rule[] }
  | { kind: 'not'; rule: Rule };

export const maxRuleDepth = 8;

/** "Did E at least N times in the last D", "has not done E for D" (op none, within D). */
export const eventRule: z.ZodType<Extract<Rule, { kind: 'event' }>> = z.lazy(() =>
  z
    .strictObject({
      kind: z.literal('event'),
      name: z.string().trim().min(1).max(200),
      op: z.enum(['atLeast', 'fewerThan', 'none']),
      count: z.number().int().positive().max(1_000_000).optional(),
      within: duration.optional(),
      where: rule.optional(),
    })
    .refine((value) => value.op === 'none' || value.count !== undefined, {
      message: 'atLeast and fewerThan need a count',
      path: ['count'],
    }),
);

export const rule: z.ZodType<Rule> = z.lazy(() =>
  z.union([
    fieldRule,
    tagsRule,
    eventRule,
    z.strictObject({ kind: z.literal('all'), rules: z.array(rule).max(100) }),
    z.strictObject({ kind: z.literal('any'), rules: z.array(rule).max(100) }),
    z.strictObject({ kind: z.literal('not'), rule }),
  ]),
);

function depthOf(value: Rule): number {
  switch (value.kind) {
    case 'all':
    case 'any':
      return 1 + Math.max(0, ...value.rules.map(depthOf));
    case 'not':
      return 1 + depthOf(value.rule);
    case 'event':
      return 1 + (value.where ? depthOf(value.where) : 0);
    default:
      return 1;
  }
}

/** A rule as stored in configs: nesting is bounded so evaluation and queries stay cheap. */
export const boundedRule = rule.refine((value) => depthOf(value) <= maxRuleDepth, {
  message: `rules may nest at most ${maxRuleDepth} levels deep`,
});

export type LeafRule = Exclude<Rule, { kind: 'all' | 'any' | 'not' }>;

/** The field, tags and event-history rules `value` combines with all / any / not (event filters not entered). */
export function leafRules(value: Rule): LeafRule[] {
  switch (value.kind) {
    case 'all':
    case 'any':
      return value.rules.flatMap(leafRules);
    case 'not':
      return leafRules(value.rule);
    default:
      return [value];
  }
}

/** Event names an event-history rule inside `value` counts: new events of these can change it. */
export function eventNamesIn(value: Rule): string[] {
  return [...new Set(leafRules(value).flatMap((leaf) => (leaf.kind === 'event' ? [leaf.name] : [])))];
}

/** Every field path a rule compares, including those of its event-property filters. */
export function fieldPathsIn(value: Rule): string[] {
  return leafRules(value).flatMap((leaf) => {
    if (leaf.kind === 'field') return [leaf.path];
    return leaf.kind === 'event' && leaf.where ? fieldPathsIn(leaf.where) : [];
  });
}

/**
 * A rule the data plane runs as a database query (a segment): its field names may not start
 * with "$", which MongoDB would read as an operator.
 */
export const queryableRule = boundedRule.superRefine((value, context) => {
  for (const path of fieldPathsIn(value)) {
    if (path.split('.').some((part) => part.startsWith('$'))) context.addIssue({ code: 'custom', message: `"${path}": a field name starting with "$" cannot be queried` });
  }
});
