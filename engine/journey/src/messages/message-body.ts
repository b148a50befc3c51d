import { z } from 'zod';
import { Channel } from '../actions/vocabulary';

/**
 * What a message template holds per channel. Every text field is Liquid, checked when the
 * template is saved (`checkTemplate`) and rendered at send time (`renderBody`). The shapes follow
 * what each channel can show: WeCom messages are text plus cards (a link, a mini-program, an
 * image), not email-like documents; SMS is one text; push is a title and a line.
 */

const liquid = (max: number) => z.string().max(max, `at most ${max} characters`);
const required = (max: number) => liquid(max).trim().min(1, 'required');
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).max(2048);

/** A link card (图文消息): title, description and a cover image. */
const wecomLink = z.strictObject({
  type: z.literal('link'),
  title: required(128),
  description: liquid(512).optional(),
  /** Liquid: a personalised landing page (with the contact's id, a coupon code…). */
  url: required(2048),
  imageUrl: httpUrl.optional(),
  /** The cover uploaded to WeCom (上传附件资源): Moments show a link's cover only by media id. */
  imageMediaId: z.string().trim().min(1).max(256).optional(),
});

/** A mini-program card (小程序消息): the cover must be uploaded to WeCom first (a media id). */
const wecomMiniprogram = z.strictObject({
  type: z.literal('miniprogram'),
  title: required(64),
  appId: z.string().regex(/^wx[0-9a-f]{16}$/, 'a mini-program AppID such as "wx0123456789abcdef"'),
  page: required(1024),
  imageMediaId: z.string().trim().min(1, 'upload the cover to WeCom and paste its media id').max(256),
});

/** An image, by WeCom media id or by a public URL WeCom fetches. */
const wecomImage = z
  .strictObject({ type: z.literal('image'), mediaId: z.string().trim().min(1).max(256).optional(), imageUrl: httpUrl.optional() })
  .refine((image) => (image.mediaId === undefined) !== (image.imageUrl === undefined), 'give either a mediaId or an imageUrl');

export const wecomAttachment = z.discriminatedUnion('type', [wecomLink, wecomMiniprogram, wecomImage]);
export type WecomAttachment = z.infer<typeof wecomAttachment>;

/** WeCom 1:1 messages, customer-group posts and Moments take the same body: text and up to 9 attachments. */
export const wecomBody = z
  .strictObject({ text: liquid(4000).optional(), attachments: z.array(wecomAttachment).max(9, 'WeCom takes at most 9 attachments').default([]) })
  .refine((body) => Boolean(body.text?.trim()) || body.attachments.length > 0, 'a WeCom message needs text or an attachment');

export const smsBody = z.strictObject({ text: required(1000) });

export const emailBody = z.strictObject({
  subject: required(300),
  html: required(500_000),
  /** The plain-text part; without one, mail clients that cannot show HTML get the HTML's text. */
  text: liquid(200_000).optional(),
  /** The line inboxes show after the subject. */
  preheader: liquid(300).optional(),
});

export const pushBody = z.strictObject({ title: required(100), body: required(500), url: liquid(2048).optional() });

/** Bodies of one template, per kind of channel. */
export const messageBodies = z
  .strictObject({ wecom: wecomBody.optional(), sms: smsBody.optional(), email: emailBody.optional(), push: pushBody.optional() })
  .refine((bodies) => Object.values(bodies).some((body) => body !== undefined), 'write the message for at least one channel');
export type MessageBodies = z.infer<typeof messageBodies>;
export type BodyKind = keyof MessageBodies;

/** Which body a channel sends: the three WeCom channels share one. */
export function bodyKindOf(channel: Channel): BodyKind {
  return channel === 'wecom' || channel === 'wecom_group' || channel === 'wecom_moments' ? 'wecom' : channel;
}

/**
 * Who a message on the channel reaches: one person, a customer group (a post its members all
 * see), or a feed (a Moments post the staff member's customers see). A group post or a Moments
 * post is one message for many people, so it is made once, not once per contact.
 */
export type Audience = 'one' | 'group' | 'feed';

export function audienceOf(channel: Channel): Audience {
  return channel === 'wecom_group' ? 'group' : channel === 'wecom_moments' ? 'feed' : 'one';
}
