import { z } from 'zod';

export const nodeId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'node ids are 1–64 letters, digits, "_" or "-"');

export const journeyNode = z.strictObject({
  id: nodeId,
  type: z.string().min(1).max(100),
  config: z.record(z.string(), z.unknown()).default({}),
  position: z.strictObject({ x: z.number().finite(), y: z.number().finite() }).optional(),
});
export type JourneyNode = z.infer<typeof journeyNode>;

export const journeyEdge = z.strictObject({
  from: nodeId,
  port: z.string().min(1).max(64).default('next'),
  to: nodeId,
});
export type JourneyEdge = z.infer<typeof journeyEdge>;

/** A journey as the editor draws it and the API stores it as a draft. */
export const journeyDefinition = z.strictObject({
  name: z.string().trim().min(1, 'a journey needs a name').max(200),
  description: z.string().max(2000).optional(),
  /** Journey settings, checked by compile() like node configs, so a draft with mistakes still saves. */
  settings: z.record(z.string(), z.unknown()).optional(),
  nodes: z.array(journeyNode).max(2000),
  edges: z.array(journeyEdge).max(8000),
});
export type JourneyDefinition = z.infer<typeof journeyDefinition>;
export type JourneyDefinitionInput = z.input<typeof journeyDefinition>;
