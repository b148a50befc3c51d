import { WecomChannelConfig } from '@trellis/journey';
import { createHash } from 'node:crypto';
import { PermanentSendError } from './channel-adapter';
import { callProvider, ProviderHttp, providerTimeoutMs } from './provider-http';

/** What WeCom answers: `errcode` 0 on success, with HTTP 200 either way. */
export interface WecomAnswer {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

/** Codes that mean the access token is no longer good: fetch another and try once more. */
const staleToken = new Set([40014, 42001, 42009]);
/** Codes worth trying again later: the system is busy, or a rate limit. */
const busy = new Set([-1, 45009, 45033]);
/** Codes of credentials WeCom does not accept: a config to fix. */
const badCredentials = new Set([40001, 40013, 40091]);
/** An access token is used until shortly before WeCom says it expires. */
const tokenMarginMs = 5 * 60_000;

/**
 * WeCom's server API as the three WeCom channels (1:1, customer groups, Moments) call it: an
 * access token from `gettoken` (corp id and the customer-contact secret) kept until shortly
 * before it expires, shared by the channels, and fetched afresh once when WeCom says it went
 * stale. A refusal is read by meaning: busy or rate-limited is retried, anything else is final.
 */
export function wecomApi(options: { http: ProviderHttp; timeoutMs?: number }) {
  const tokens = new Map<string, { token: string; expiresAtMs: number }>();
  const timeoutMs = options.timeoutMs ?? providerTimeoutMs;

  async function request(workspaceId: string, key: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<WecomAnswer> {
    return callProvider(
      options.http,
      { workspaceId, method, url, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}), timeoutMs, idempotencyKey: key },
      (status) => new PermanentSendError(`WeCom answered HTTP ${status}`),
    ) as Promise<WecomAnswer>;
  }

  async function accessToken(workspaceId: string, key: string, config: WecomChannelConfig, fresh: boolean): Promise<string> {
    const cacheKey = `${config.baseUrl}|${config.corpId}|${createHash('sha256').update(config.secret).digest('base64url')}`;
    const kept = tokens.get(cacheKey);
    if (!fresh && kept && kept.expiresAtMs > Date.now()) return kept.token;
    const query = new URLSearchParams({ corpid: config.corpId, corpsecret: config.secret });
    const answer = await request(workspaceId, key, 'GET', `${config.baseUrl}/cgi-bin/gettoken?${query}`);
    if (answer.errcode || typeof answer.access_token !== 'string') throw wecomRefusal('gettoken', answer);
    const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : 7200;
    tokens.set(cacheKey, { token: answer.access_token, expiresAtMs: Date.now() + expiresIn * 1000 - tokenMarginMs });
    return answer.access_token;
  }

  /**
   * Calls `path` (`externalcontact/add_msg_template`) with an access token, POSTing `body`, or
   * GETting with `query` when there is no body; a refusal throws (see `wecomRefusal`).
   * `key` is the send it is for, passed to the HTTP layer as the idempotency key.
   */
  async function call(workspaceId: string, key: string, config: WecomChannelConfig, path: string, payload: { body?: unknown; query?: Record<string, string> }): Promise<WecomAnswer> {
    let answer: WecomAnswer = {};
    for (const fresh of [false, true]) {
      const query = new URLSearchParams({ access_token: await accessToken(workspaceId, key, config, fresh), ...payload.query });
      answer = await request(workspaceId, key, payload.body === undefined ? 'GET' : 'POST', `${config.baseUrl}/cgi-bin/${path}?${query}`, payload.body);
      if (!staleToken.has(answer.errcode ?? 0)) break;
    }
    if (answer.errcode) throw wecomRefusal(path.split('/').at(-1)!, answer);
    return answer;
  }

  return { call };
}

export type WecomApi = ReturnType<typeof wecomApi>;

/** WeCom's error code, read: busy or rate-limited is retried; anything else is its final word. */
function wecomRefusal(call: string, answer: WecomAnswer): Error {
  const text = `WeCom ${call} answered errcode ${answer.errcode}: ${answer.errmsg ?? 'no message'}`;
  if (busy.has(answer.errcode ?? 0)) return new Error(text);
  if (badCredentials.has(answer.errcode ?? 0)) return new PermanentSendError(text, { reason: 'provider_auth' });
  return new PermanentSendError(text);
}
