import { SmsChannelConfig, smsChannelConfig } from '@trellis/journey';
import { ChannelAdapter, identityAddress, PermanentSendError } from './channel-adapter';
import { basicAuth, callProvider, ProviderHttp, providerTimeoutMs } from './provider-http';

/** Twilio error codes that say something about the number itself, not this message. */
const optedOut = new Set([21610]); // the recipient replied STOP
const unreachable = new Set([21211, 21612, 21614]); // not a valid number; cannot be reached; not a mobile number

/**
 * SMS through Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form
 * encoded, Basic auth with the Account SID and Auth Token). Delivery is reported later to the
 * message's `StatusCallback`, signed with the Auth Token, which moves the send log to
 * `delivered` or `failed`.
 */
export function smsChannel(options: { http: ProviderHttp; timeoutMs?: number }): ChannelAdapter<'sms', SmsChannelConfig> {
  return {
    channel: 'sms',
    kind: 'sms',
    capabilities: { audience: 'one', deliveryReceipts: true, dedupesRetries: false },
    config: smsChannelConfig,
    addressOf: (contact) => identityAddress(contact, 'phone'),

    async send(workspaceId, config, message) {
      const form = new URLSearchParams({
        To: message.to,
        [config.from.startsWith('MG') ? 'MessagingServiceSid' : 'From']: config.from,
        Body: message.body.text,
        StatusCallback: message.statusCallbackUrl,
      });
      const answer = await callProvider(
        options.http,
        {
          workspaceId,
          method: 'POST',
          url: `${config.baseUrl}/2010-04-01/Accounts/${config.accountSid}/Messages.json`,
          headers: { authorization: basicAuth(config.accountSid, config.authToken), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
          timeoutMs: options.timeoutMs ?? providerTimeoutMs,
          idempotencyKey: message.sendId,
        },
        (status, body) => {
          const { code, message: said } = (body ?? {}) as { code?: number; message?: string };
          const text = `Twilio refused the SMS (${status}${code ? `, error ${code}` : ''}): ${said ?? JSON.stringify(body).slice(0, 200)}`;
          if (status === 401) return new PermanentSendError(text, { reason: 'provider_auth' });
          if (code !== undefined && optedOut.has(code)) return new PermanentSendError(text, { reason: 'opted_out', optedOut: true });
          if (code !== undefined && unreachable.has(code)) return new PermanentSendError(text, { reason: 'invalid_address', suppress: true });
          return new PermanentSendError(text);
        },
      );
      return { status: 'sent', ...(typeof answer.sid === 'string' ? { providerMessageId: answer.sid } : {}), response: { status: answer.status ?? null, segments: answer.num_segments ?? null } };
    },
  };
}
