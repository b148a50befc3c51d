import { z } from 'zod';

/**
 * How a workspace reaches people on each kind of channel: provider, address and credentials,
 * validated the same way by the API that stores them and the worker that uses them. Secrets
 * (`secretFields`) are write-only: the API never shows them again.
 */

const host = z
  .string()
  .trim()
  .min(1, 'required')
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address, e.g. "smtp.example.com"');

/** A mailbox as mail headers write it: `hi@brand.com` or `Brand <hi@brand.com>`. */
const mailbox = z
  .string()
  .trim()
  .max(320)
  .regex(/^(?:[^<>@\r\n]{0,200}<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, 'an address such as "hi@brand.com" or "Brand <hi@brand.com>"');

export const emailChannelConfig = z.strictObject({
  host: host.describe('The SMTP server, e.g. "smtp.example.com".'),
  port: z.number().int().min(1).max(65535).default(587),
  secure: z.boolean().default(false).describe('TLS from the first byte (usually port 465); otherwise STARTTLS is used whenever the server offers it.'),
  user: z.string().max(320).optional(),
  password: z.string().max(1000).optional(),
  from: mailbox.describe('The sender, e.g. "Brand <hi@brand.com>".'),
  replyTo: mailbox.optional(),
});
export type EmailChannelConfig = z.infer<typeof emailChannelConfig>;

/** A provider's API base, for regional endpoints, compatible gateways and tests. */
const apiBase = (fallback: string) =>
  z
    .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
    .max(500)
    .transform((url) => url.replace(/\/+$/, ''))
    .default(fallback);

/** SMS through Twilio's Messages API (or a gateway that speaks it), with signed delivery callbacks. */
export const smsChannelConfig = z.strictObject({
  provider: z.literal('twilio').default('twilio'),
  accountSid: z.string().regex(/^AC[0-9a-f]{32}$/, 'a Twilio Account SID: "AC" and 32 hex digits'),
  authToken: z.string().min(16, 'the Auth Token from the Twilio console').max(200),
  from: z
    .string()
    .regex(/^(\+[1-9][0-9]{6,14}|MG[0-9a-f]{32})$/, 'the sending number in E.164 ("+8613800138000") or a Messaging Service SID ("MG…")')
    .describe('The number or Messaging Service texts come from.'),
  baseUrl: apiBase('https://api.twilio.com'),
});
export type SmsChannelConfig = z.infer<typeof smsChannelConfig>;

/** App push through JPush (极光推送) v3, to the contact's user id as the JPush alias. */
export const pushChannelConfig = z.strictObject({
  provider: z.literal('jpush').default('jpush'),
  appKey: z.string().regex(/^[0-9a-f]{24}$/, 'the JPush AppKey: 24 hex digits'),
  masterSecret: z.string().min(8, 'the Master Secret from the JPush console').max(200),
  /** iOS: deliver through APNs production (false for development builds). */
  production: z.boolean().default(true),
  baseUrl: apiBase('https://api.jpush.cn'),
});
export type PushChannelConfig = z.infer<typeof pushChannelConfig>;

/**
 * WeCom (企业微信) customer contact through the official server API: an access token from the
 * corp id and the customer-contact secret, then messages staff confirm and send to their customers.
 */
export const wecomChannelConfig = z.strictObject({
  corpId: z.string().regex(/^w[wx][0-9a-f]{16}$/, 'the corp id from 我的企业 → 企业信息, e.g. "ww0123456789abcdef"'),
  secret: z.string().min(16, 'the secret of 客户联系 (customer contact)').max(200),
  defaultSender: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('The staff account (userid) that sends to contacts with no owner of their own.'),
  baseUrl: apiBase('https://qyapi.weixin.qq.com'),
});
export type WecomChannelConfig = z.infer<typeof wecomChannelConfig>;

/** The channel kinds a workspace configures, and the config each takes. */
export const channelConfigSchemas = { email: emailChannelConfig, sms: smsChannelConfig, push: pushChannelConfig, wecom: wecomChannelConfig } as const;
export type ConfigurableChannel = keyof typeof channelConfigSchemas;
export const configurableChannels = Object.keys(channelConfigSchemas) as ConfigurableChannel[];

/** Config fields that hold secrets: stored, used, never shown back. */
export const secretFields: { readonly [K in ConfigurableChannel]: readonly string[] } = { email: ['password'], sms: ['authToken'], push: ['masterSecret'], wecom: ['secret'] };
