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

/** The channel kinds a workspace configures, and the config each takes. */
export const channelConfigSchemas = { email: emailChannelConfig } as const;
export type ConfigurableChannel = keyof typeof channelConfigSchemas;
export const configurableChannels = Object.keys(channelConfigSchemas) as ConfigurableChannel[];

/** Config fields that hold secrets: stored, used, never shown back. */
export const secretFields: { readonly [K in ConfigurableChannel]: readonly string[] } = { email: ['password'] };
