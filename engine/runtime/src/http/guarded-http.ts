import { HttpRequest, NonRetryableActionError } from '@trellis/nodes';
import { lookup } from 'node:dns/promises';
import { LookupAddress } from 'node:dns';
import { Agent, request as send } from 'undici';
import { isPublicAddress } from './public-address';

/** How names become addresses; tests pass their own to name a host that resolves inward. */
export type Resolve = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface GuardedHttpOptions {
  resolve?: Resolve;
  /** Hosts the workspace trusts on any address (its intranet CRM): the guard lets them through. */
  allowedHosts?: (workspaceId: string) => Promise<readonly string[]>;
  maxRedirects?: number;
  /** The most of a response body read; a longer one is cut there. */
  maxBodyBytes?: number;
}

/** A URL the guard refused: retrying cannot help, so the step fails at once, saying why. */
const blocked = (message: string) => new NonRetryableActionError(`blocked: ${message}`);

const redirects = new Set([301, 302, 303, 307, 308]);

export const resolveAll: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * The addresses of `hostname`, every one public (see `isPublicAddress`) unless the host is in
 * `allowed`; otherwise why it is refused, naming `shownAs` (a URL's origin, an SMTP server).
 * Connect to exactly these addresses: asking DNS again would let its answer change in between.
 */
export async function vetHost(hostname: string, allowed: ReadonlySet<string>, resolve: Resolve, shownAs: string): Promise<readonly LookupAddress[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const literal = /^[\d.]+$|:/.test(host);
  const addresses = literal ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : await resolve(host);
  if (!addresses.length) throw new Error(`${host} did not resolve`);
  if (allowed.has(host.toLowerCase())) return addresses;
  const inside = addresses.find(({ address }) => !isPublicAddress(address));
  if (inside) {
    throw blocked(
      `${shownAs} resolves to ${inside.address}, a private, loopback, link-local or reserved address; only the public internet is reachable unless the workspace allow-lists "${host}"`,
    );
  }
  return addresses;
}

/**
 * HTTP for `action.webhook`, safe to point at the internet from inside a network: every URL,
 * and every redirect, must name a public address (see `isPublicAddress`) unless its host is one
 * the workspace allow-listed. The names are resolved once, checked, and the connection is made to
 * exactly the addresses checked, so a DNS answer that changes between the check and the connect
 * (DNS rebinding) cannot move the request inside. Redirects are followed by hand, each checked.
 */
export function guardedHttp(options: GuardedHttpOptions = {}) {
  const resolve: Resolve = options.resolve ?? resolveAll;
  const maxRedirects = options.maxRedirects ?? 3;
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;

  /** The addresses to connect to for this URL, each checked, or why none may be used. */
  async function vetted(url: URL, allowed: ReadonlySet<string>): Promise<readonly LookupAddress[]> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw blocked(`${url.protocol} URLs are not allowed; use http:// or https://`);
    return vetHost(url.hostname, allowed, resolve, url.origin);
  }

  return {
    async request(request: HttpRequest): Promise<{ status: number; body: unknown }> {
      const allowed = new Set(((await options.allowedHosts?.(request.workspaceId)) ?? []).map((host) => host.toLowerCase()));
      const deadline = AbortSignal.timeout(request.timeoutMs);
      let url = new URL(request.url);
      let method: string = request.method;
      let body = request.body;
      let headers: Record<string, string> = request.headers;
      for (let hop = 0; ; hop++) {
        const addresses = await vetted(url, allowed);
        const dispatcher = new Agent({ connect: { lookup: pinnedLookup(addresses) } });
        try {
          const response = await send(url, { method: method as never, headers, body, dispatcher, signal: deadline }).catch((error: Error) => {
            throw deadline.aborted ? new Error(`${request.method} ${request.url} did not answer within ${request.timeoutMs / 1000} s`) : error;
          });
          const location = response.headers.location;
          if (redirects.has(response.statusCode) && typeof location === 'string') {
            await response.body.dump();
            if (hop >= maxRedirects) throw blocked(`${request.url} redirected more than ${maxRedirects} times`);
            const next = new URL(location, url);
            if (url.protocol === 'https:' && next.protocol === 'http:') throw blocked(`${request.url} redirected from https to plain http (${next.origin})`);
            // Credentials the request carries were meant for the host it named, not for where it is sent on.
            if (next.origin !== url.origin) headers = withoutCredentials(headers);
            url = next;
            // As browsers do: a 303, or a 301/302 after a POST, is followed with a GET.
            if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')) {
              method = 'GET';
              body = undefined;
              headers = withoutBodyHeaders(headers);
            }
            continue;
          }
          return { status: response.statusCode, body: parsed(await readCapped(response.body, maxBodyBytes), String(response.headers['content-type'] ?? '')) };
        } finally {
          await dispatcher.close();
        }
      }
    },
  };
}

const credentialHeaders = new Set(['authorization', 'cookie', 'proxy-authorization']);
const bodyHeaders = new Set(['content-type', 'content-length', 'content-encoding']);

/**
 * The headers without credentials: the standard ones, and any custom header whose name says it
 * carries a secret (`X-Api-Key`, `X-Auth-Token`, `X-Signature`…; an `Idempotency-Key` is kept).
 */
function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !credentialHeaders.has(name.toLowerCase()) && !/api[-_]?key|token|secret|auth|signature|password/i.test(name)));
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !bodyHeaders.has(name.toLowerCase())));
}

/** A `lookup` for the socket that answers with the addresses already checked, never asking DNS again. */
function pinnedLookup(addresses: readonly LookupAddress[]) {
  return (_hostname: string, options: { all?: boolean }, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    if (options.all) callback(null, [...addresses]);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

async function readCapped(stream: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= maxBytes) break;
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

/** JSON when the response says so and parses; its text otherwise. */
function parsed(text: string, contentType: string): unknown {
  if (!/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
