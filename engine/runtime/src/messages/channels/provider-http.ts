import { HttpRequest } from '@trellis/nodes';
import { PermanentSendError } from './channel-adapter';

/** The HTTP client providers are called through: the SSRF-guarded one (`guardedHttp`) in the worker. */
export interface ProviderHttp {
  request(request: HttpRequest): Promise<{ status: number; body: unknown }>;
}

/** Below the send activity's own timeout, so a hanging provider times out (and is retried) first. */
export const providerTimeoutMs = 15_000;

/**
 * The provider's answer to a request, or why not: a 4xx other than 408/429 is the provider's
 * final word (`refusal` says what it means, from the provider's error code); a 5xx, 408, 429 or a
 * timeout is retried with back-off.
 */
export async function callProvider(
  http: ProviderHttp,
  request: HttpRequest,
  refusal: (status: number, body: unknown) => PermanentSendError,
): Promise<Record<string, unknown>> {
  const { status, body } = await http.request(request);
  if (status >= 200 && status < 300) return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw refusal(status, body);
  throw new Error(`${request.method} ${new URL(request.url).origin} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
}

export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
