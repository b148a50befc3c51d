import { channel, messageBodies, messageCategory } from '@trellis/journey';
import { z } from 'zod';

export const templateKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'a key of lower-case letters, digits, "-" and "_" (journeys name the template by it), e.g. "welcome-coupon"');

const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);

export const createTemplateBody = z.strictObject({
  key: templateKey,
  name,
  description: description.optional(),
  bodies: messageBodies.describe('The message per kind of channel: wecom (1:1, group posts, Moments), sms, email, push. Text fields are Liquid.'),
  note: z.string().trim().max(500).optional().describe('What this version is, for the version history.'),
});
export type CreateTemplateBody = z.infer<typeof createTemplateBody>;

export const updateTemplateBody = z
  .strictObject({ name: name.optional(), description: description.nullable().optional(), bodies: messageBodies.optional(), note: z.string().trim().max(500).optional() })
  .refine((body) => body.name !== undefined || body.description !== undefined || body.bodies !== undefined, { message: 'change at least one of name, description, bodies' });
export type UpdateTemplateBody = z.infer<typeof updateTemplateBody>;

export const previewTemplateBody = z.strictObject({
  userId: z.string().trim().min(1).max(200).describe('The contact to render for, by the user id your systems know them by.'),
  channel: channel.optional().describe('Render only the body this channel sends; all bodies without one.'),
  category: messageCategory.default('content').describe('An SMS in "content" or "promo" ends with the opt-out line.'),
});
export type PreviewTemplateBody = z.infer<typeof previewTemplateBody>;

export const versionParam = z.coerce.number().int().min(1);
