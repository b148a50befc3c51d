import { HttpRequest, NonRetryableActionError } from '@trellis/nodes';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { guardedHttp, Resolve } from '../src/http/guarded-http';

/** A partner API on 127.0.0.1, reached through names the test resolves (none exists in DNS). */
describe('guarded HTTP for webhooks', () => {
  let server: Server;
  let port: number;
  const seen: { method: string; url: string; body: string; headers: IncomingMessage['headers'] }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ method: request.method!, url: request.url!, body, headers: request.headers });
        if (request.url === '/coupon') return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { code: 'TEA-42' } }));
        if (request.url === '/moved') return response.writeHead(303, { location: '/coupon' }).end();
        if (request.url === '/to-loopback') return response.writeHead(302, { location: `http://127.0.0.1:${port}/coupon` }).end();
        if (request.url === '/to-internal') return response.writeHead(307, { location: `http://internal.partner.example:${port}/coupon` }).end();
        if (request.url === '/to-other') return response.writeHead(307, { location: `http://other.partner.example:${port}/coupon` }).end();
        if (request.url === '/loop') return response.writeHead(302, { location: '/loop' }).end();
        if (request.url === '/slow') return; // never answers
        response.writeHead(404).end('no such thing');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const lookups: string[] = [];
  const resolve: Resolve = async (hostname) => {
    lookups.push(hostname);
    if (hostname === 'api.partner.example' || hostname === 'other.partner.example') return [{ address: '127.0.0.1', family: 4 }];
    if (hostname === 'internal.partner.example') return [{ address: '10.0.0.1', family: 4 }];
    if (hostname === 'mixed.partner.example') return [{ address: '93.184.216.34', family: 4 }, { address: '192.168.0.10', family: 4 }];
    return [];
  };
  // The partner's host is allow-listed: it lives on this machine, as an intranet CRM would.
  const http = guardedHttp({ resolve, allowedHosts: async (workspaceId) => (workspaceId === 'ws' ? ['api.partner.example', 'other.partner.example'] : []) });
  const call = (url: string, over: Partial<HttpRequest> = {}) =>
    http.request({ workspaceId: 'ws', method: 'POST', url, headers: { 'content-type': 'application/json', 'Idempotency-Key': 'k1' }, body: '{"user":"mei"}', timeoutMs: 2000, idempotencyKey: 'k1', ...over });
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(NonRetryableActionError);
    return (error as Error).message;
  };

  it('reaches an allow-listed host at the address it checked, with the request as built', async () => {
    lookups.length = 0;
    const answer = await call(`http://api.partner.example:${port}/coupon`);
    expect(answer).toEqual({ status: 200, body: { data: { code: 'TEA-42' } } });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/coupon', body: '{"user":"mei"}', headers: { 'idempotency-key': 'k1', host: `api.partner.example:${port}` } });
    // Resolved once, by the guard; the socket connected to that answer without asking again.
    expect(lookups).toEqual(['api.partner.example']);
  });

  it('follows redirects, each checked, turning a 303 into a GET', async () => {
    expect(await call(`http://api.partner.example:${port}/moved`)).toEqual({ status: 200, body: { data: { code: 'TEA-42' } } });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/coupon', body: '' });
    expect(await refusal(call(`http://api.partner.example:${port}/loop`))).toContain('redirected more than 3 times');
  });

  it('does not carry credentials to another host a redirect names', async () => {
    await call(`http://api.partner.example:${port}/to-other`, { headers: { Authorization: 'Bearer secret', 'X-Api-Key': 'k', 'Idempotency-Key': 'k1', 'content-type': 'application/json' } });
    expect(seen.at(-1)?.url).toBe('/coupon');
    expect(seen.at(-1)?.headers).toMatchObject({ host: `other.partner.example:${port}`, 'idempotency-key': 'k1' });
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
    expect(seen.at(-1)?.headers['x-api-key']).toBeUndefined();
    // The same host keeps them.
    await call(`http://api.partner.example:${port}/moved`, { headers: { Authorization: 'Bearer secret' } });
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer secret');
  });

  it('refuses loopback, metadata, IPv6 loopback and names resolving inside, directly or by redirect', async () => {
    const count = seen.length;
    expect(await refusal(call(`http://127.0.0.1:${port}/coupon`))).toContain('127.0.0.1');
    expect(await refusal(call('http://169.254.169.254/latest/meta-data/'))).toContain('169.254.169.254');
    expect(await refusal(call(`http://[::1]:${port}/coupon`))).toContain('::1');
    expect(await refusal(call(`http://internal.partner.example:${port}/coupon`))).toContain('10.0.0.1');
    // One public answer does not excuse a private one in the same reply.
    expect(await refusal(call('http://mixed.partner.example/'))).toContain('192.168.0.10');
    expect(await refusal(call(`http://api.partner.example:${port}/to-loopback`))).toContain('127.0.0.1');
    expect(await refusal(call(`http://api.partner.example:${port}/to-internal`))).toContain('10.0.0.1');
    // Another workspace has not allow-listed the partner: the same URL is refused.
    expect(await refusal(call(`http://api.partner.example:${port}/coupon`, { workspaceId: 'other' }))).toContain('allow-lists "api.partner.example"');
    // Only the allow-listed hops reached the server; none of the refused URLs did.
    expect(seen.slice(count).map((request) => request.url)).toEqual(['/to-loopback', '/to-internal']);
  });

  it('gives up on a server that does not answer in time, as an error worth retrying', async () => {
    const error = await call(`http://api.partner.example:${port}/slow`, { timeoutMs: 300 }).then(() => undefined, (caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(NonRetryableActionError);
    expect((error as Error).message).toContain('did not answer within 0.3 s');
  });

  it('answers a non-JSON body as text', async () => {
    expect(await call(`http://api.partner.example:${port}/nothing`, { method: 'GET', body: undefined })).toEqual({ status: 404, body: 'no such thing' });
  });
});
