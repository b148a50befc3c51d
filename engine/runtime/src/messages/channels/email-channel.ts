import { EmailChannelConfig, emailChannelConfig } from '@trellis/journey';
import { createHash } from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import { Resolve, resolveAll, vetHost } from '../../http/guarded-http';
import { ChannelAdapter, identityAddress, PermanentSendError } from './channel-adapter';

export interface EmailChannelOptions {
  /** Hosts the workspace trusts inside the network (its own relay): the address guard lets them through. */
  allowedHosts?: (workspaceId: string) => Promise<readonly string[]>;
  resolve?: Resolve;
  /** How long a pooled connection set is kept before its host is resolved and checked again. */
  poolTtlMs?: number;
}

interface Pool {
  transport: Transporter;
  expiresAtMs: number;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The line inboxes show after the subject, hidden in the body itself: right after `<body>`, or first. */
function withPreheader(html: string, preheader: string | undefined): string {
  if (!preheader?.trim()) return html;
  const hidden = `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${escapeHtml(preheader)}</div>`;
  const body = /<body[^>]*>/i.exec(html);
  return body ? `${html.slice(0, body.index + body[0].length)}${hidden}${html.slice(body.index + body[0].length)}` : `${hidden}${html}`;
}

/**
 * Email over SMTP with nodemailer, one pool of connections per workspace config. The server's
 * address is checked like a webhook's (no private or loopback addresses unless allow-listed) and
 * connected to by address, with the name kept for TLS. Marketing carries `List-Unsubscribe` and
 * RFC 8058's one-click `List-Unsubscribe-Post`, so mail clients show an unsubscribe button that
 * needs no visit to a page.
 */
export function emailChannel(options: EmailChannelOptions = {}): ChannelAdapter<'email', EmailChannelConfig> {
  const pools = new Map<string, Pool>();
  const resolve = options.resolve ?? resolveAll;
  const poolTtlMs = options.poolTtlMs ?? 10 * 60_000;

  async function poolFor(workspaceId: string, config: EmailChannelConfig): Promise<Transporter> {
    const key = `${workspaceId}:${createHash('sha256').update(JSON.stringify(config)).digest('base64url')}`;
    const cached = pools.get(key);
    if (cached && cached.expiresAtMs > Date.now()) return cached.transport;
    cached?.transport.close();
    const allowed = new Set(((await options.allowedHosts?.(workspaceId)) ?? []).map((host) => host.toLowerCase()));
    const [address] = await vetHost(config.host, allowed, resolve, `the SMTP server ${config.host}`);
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 3,
      host: address!.address,
      port: config.port,
      secure: config.secure,
      ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
      tls: { servername: config.host },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    pools.set(key, { transport, expiresAtMs: Date.now() + poolTtlMs });
    return transport;
  }

  return {
    channel: 'email',
    kind: 'email',
    capabilities: { audience: 'one', deliveryReceipts: false, dedupesRetries: false },
    config: emailChannelConfig,
    addressOf: (contact) => identityAddress(contact, 'email'),

    async send(workspaceId, config, message) {
      const transport = await poolFor(workspaceId, config);
      const marketing = message.category !== 'service';
      try {
        const info = await transport.sendMail({
          from: config.from,
          ...(config.replyTo ? { replyTo: config.replyTo } : {}),
          to: message.to,
          subject: message.body.subject,
          html: withPreheader(message.body.html, message.body.preheader),
          ...(message.body.text ? { text: message.body.text } : {}),
          headers: {
            'X-Trellis-Send': message.sendId,
            ...(marketing ? { 'List-Unsubscribe': `<${message.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
          },
        });
        return { status: 'sent', providerMessageId: info.messageId, response: { response: info.response, accepted: info.accepted?.length ?? 0, rejected: info.rejected?.length ?? 0 } };
      } catch (error) {
        throw classified(error as Error & { responseCode?: number; code?: string });
      }
    },

    async close() {
      for (const { transport } of pools.values()) transport.close();
      pools.clear();
    },
  };
}

/**
 * A 5xx reply is the server's final word: permanent, and at RCPT (550 no such mailbox) a hard
 * bounce that suppresses the address. Bad credentials cannot fix themselves either. 4xx replies
 * and connection trouble are retried.
 */
function classified(error: Error & { responseCode?: number; code?: string }): Error {
  if (error.code === 'EAUTH') return new PermanentSendError(`the SMTP server refused the credentials: ${error.message}`, { reason: 'provider_auth' });
  if (error.responseCode !== undefined && error.responseCode >= 500) {
    return new PermanentSendError(`the SMTP server refused the message: ${error.message}`, { suppress: error.code === 'EENVELOPE' });
  }
  return error;
}
