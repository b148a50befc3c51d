import { FunnelStep, nodeId } from '@trellis/journey';
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a UTC day such as 2026-11-23');

/** Which counts: one published version or all, and UTC days from and to (inclusive). */
export const statsQuery = z
  .strictObject({
    version: z.coerce.number().int().min(1).optional(),
    from: day.optional(),
    to: day.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: '"from" must not be after "to"', path: ['to'] });
export type StatsQuery = z.infer<typeof statsQuery>;

const funnelStep = z.string().transform((text, context): FunnelStep => {
  if (text === 'goal') return { goal: true };
  const [kind, node, port, ...rest] = text.split(':');
  if (kind === 'node' && node && nodeId.safeParse(node).success && port === undefined) return { node };
  if (kind === 'port' && node && nodeId.safeParse(node).success && port && !rest.length) return { node, port };
  context.addIssue({ code: 'custom', message: `"${text}" is not a funnel step: write node:<nodeId>, port:<nodeId>:<port> or goal` });
  return z.NEVER;
});

/** A funnel: `steps=node:joined,port:wait:received,goal`. */
export const funnelQuery = z
  .strictObject({
    steps: z.string().transform((text) => text.split(',').map((step) => step.trim()).filter(Boolean)).pipe(z.array(funnelStep).min(2, 'a funnel has at least two steps').max(20)),
    version: z.coerce.number().int().min(1).optional(),
    from: day.optional(),
    to: day.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  });
export type FunnelQuery = z.infer<typeof funnelQuery>;
