import { lifecycleStage, timeZone } from '@trellis/journey';
import { e164 } from '@trellis/runtime';
import { z } from 'zod';

/** Channels a person consents to (or not) on their own: 1:1 WeCom, SMS, email and push. */
export const consentChannels = ['wecom', 'sms', 'email', 'push'] as const;
export const subscriptionStates = ['subscribed', 'unsubscribed'] as const;
const subscriptions = z.partialRecord(z.enum(consentChannels), z.enum(subscriptionStates));
/** The WeCom staff account (userid) that owns the relationship: WeCom messages go out through them. */
const wecomOwner = z.string().trim().min(1).max(64);

const id = z.string().trim().min(1).max(200);
/** Trait names become paths on the contact: no "." inside, no "$" first. */
const traitName = z.string().min(1).max(200).regex(/^[^$.][^.]*$/, 'a name without "." that does not start with "$"');
const tag = z.string().trim().min(1).max(100);

/** The ids a person is known by (each resolves to one contact, see `resolveContact`). */
const ids = {
  userId: id.optional().describe('Your id for the person (the userId of events)'),
  anonymousId: id.optional(),
  email: z.email().max(320).optional(),
  phone: z.string().regex(e164, 'an E.164 number such as +8613800138000').optional(),
  wecom: id.optional().describe('WeCom external_userid'),
  unionid: id.optional(),
  openid: id.optional(),
};
export type ContactIds = { [K in keyof typeof ids]?: string };

export const createContactBody = z
  .strictObject({
    ...ids,
    traits: z.record(traitName, z.unknown()).default({}),
    tags: z.array(tag).max(200).default([]),
    timezone: timeZone.optional(),
    lifecycleStage: lifecycleStage.optional(),
    subscriptions: subscriptions.optional(),
    wecomOwner: wecomOwner.optional(),
  })
  .refine((body) => Object.keys(ids).some((key) => body[key as keyof typeof ids] !== undefined), { message: 'at least one id is required (userId, anonymousId, email, phone, wecom, unionid or openid)', path: ['userId'] });
export type CreateContactBody = z.infer<typeof createContactBody>;

export const updateContactBody = z.strictObject({
  ...ids,
  userId: z.never().optional().describe('A contact’s user id does not change; it is in the path'),
  /** A trait set to null is removed. */
  traits: z.record(traitName, z.unknown()).optional(),
  addTags: z.array(tag).max(200).optional(),
  removeTags: z.array(tag).max(200).optional(),
  timezone: timeZone.nullable().optional(),
  lifecycleStage: lifecycleStage.nullable().optional(),
  subscriptions: subscriptions.optional(),
  wecomOwner: wecomOwner.nullable().optional(),
  unsuppress: z
    .array(z.enum(consentChannels))
    .max(consentChannels.length)
    .optional()
    .describe('Channels to send on again after a bounce or a dead number suppressed them (the address was fixed).'),
});
export type UpdateContactBody = z.infer<typeof updateContactBody>;

export const listContactsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^[0-9a-f]{24}$/, 'the "next" value of the previous page').optional(),
  tag: tag.optional(),
  lifecycleStage: lifecycleStage.optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Finds contacts whose user id or email starts with this'),
});
export type ListContactsQuery = z.infer<typeof listContactsQuery>;
