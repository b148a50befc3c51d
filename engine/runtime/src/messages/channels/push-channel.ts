import { PushChannelConfig, pushChannelConfig } from '@trellis/journey';
import { ChannelAdapter, PermanentSendError } from './channel-adapter';
import { basicAuth, callProvider, ProviderHttp, providerTimeoutMs } from './provider-http';

/** JPush's code for an audience with no registered device. */
const noDevice = 1011;

/**
 * App push through JPush (极光推送) v3 (`POST /v3/push`, JSON, Basic auth with the AppKey and
 * Master Secret), addressed to the contact's user id as the JPush alias the app registered on
 * sign-in, on Android and iOS alike. JPush answers with a message id; it reports no per-device
 * delivery back to us.
 */
export function pushChannel(options: { http: ProviderHttp; timeoutMs?: number }): ChannelAdapter<'push', PushChannelConfig> {
  return {
    channel: 'push',
    kind: 'push',
    capabilities: { audience: 'one', deliveryReceipts: false, dedupesRetries: false },
    config: pushChannelConfig,
    addressOf: (contact) => (contact.externalId ? { to: contact.externalId } : undefined),

    async send(workspaceId, config, message) {
      const { title, body, url } = message.body;
      const extras = { trellisSend: message.sendId, ...(url ? { url } : {}) };
      const payload = {
        platform: 'all',
        audience: { alias: [message.to] },
        notification: {
          alert: body,
          android: { alert: body, title, extras },
          ios: { alert: { title, body }, sound: 'default', extras },
        },
        options: { apns_production: config.production, time_to_live: 86_400 },
      };
      const answer = await callProvider(
        options.http,
        {
          workspaceId,
          method: 'POST',
          url: `${config.baseUrl}/v3/push`,
          headers: { authorization: basicAuth(config.appKey, config.masterSecret), 'content-type': 'application/json' },
          body: JSON.stringify(payload),
          timeoutMs: options.timeoutMs ?? providerTimeoutMs,
          idempotencyKey: message.sendId,
        },
        (status, response) => {
          const error = ((response ?? {}) as { error?: { code?: number; message?: string } }).error;
          const text = `JPush refused the push (${status}${error?.code ? `, error ${error.code}` : ''}): ${error?.message ?? JSON.stringify(response).slice(0, 200)}`;
          if (status === 401) return new PermanentSendError(text, { reason: 'provider_auth' });
          if (error?.code === noDevice) return new PermanentSendError(text, { reason: 'no_device' });
          return new PermanentSendError(text);
        },
      );
      return { status: 'sent', ...(answer.msg_id !== undefined ? { providerMessageId: String(answer.msg_id) } : {}), response: { sendno: answer.sendno ?? null } };
    },
  };
}
