import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request a fake provider received, with what was wrong with it by the provider's documented format. */
export interface ProviderCall {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The request's fields: form fields (Twilio) or the parsed JSON (JPush). */
  fields: Record<string, unknown>;
  violations: string[];
}

/** How the fake answers one call, instead of accepting it. */
export type FakeAnswer = { status: number; body: unknown } | 'hang';

export interface FakeProvider {
  url: string;
  calls: ProviderCall[];
  /** Answers calls to this recipient (a phone number, an alias) this way until cleared. */
  answer(recipient: string, answer: FakeAnswer | undefined): void;
  close(): Promise<void>;
}

const basic = (header: string | undefined) => {
  const match = /^Basic (.+)$/.exec(header ?? '');
  return match ? Buffer.from(match[1]!, 'base64').toString('utf8') : undefined;
};

async function listen(handle: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => handle(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function fake(server: Server, url: string, calls: ProviderCall[], answers: Map<string, FakeAnswer>): FakeProvider {
  return {
    url,
    calls,
    answer: (recipient, answer) => (answer ? answers.set(recipient, answer) : answers.delete(recipient)),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * Twilio's Messages API as documented: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * HTTP Basic auth with the Account SID and Auth Token, form-encoded `To` (E.164), `From` or
 * `MessagingServiceSid`, `Body` (at most 1,600 characters) and an optional `StatusCallback` URL;
 * 201 with the message resource (`sid` "SM…", `status` "queued"). A call that breaks the format
 * gets Twilio's 400 shape and is recorded with its violations.
 */
export async function startTwilioFake(credentials: { accountSid: string; authToken: string }): Promise<FakeProvider> {
  const calls: ProviderCall[] = [];
  const answers = new Map<string, FakeAnswer>();
  const { server, url } = await listen((request, body, response) => {
    const fields = Object.fromEntries(new URLSearchParams(body));
    const violations: string[] = [];
    if (request.method !== 'POST') violations.push(`method ${request.method}, not POST`);
    if (request.url !== `/2010-04-01/Accounts/${credentials.accountSid}/Messages.json`) violations.push(`path ${request.url}`);
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) violations.push(`content-type ${request.headers['content-type']}`);
    if (basic(request.headers.authorization) !== `${credentials.accountSid}:${credentials.authToken}`) {
      calls.push({ path: request.url ?? '', headers: request.headers, body, fields, violations: ['Basic auth is not AccountSid:AuthToken'] });
      return reply(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    if (!/^\+[1-9]\d{6,14}$/.test(fields.To ?? '')) violations.push(`To "${fields.To}" is not E.164`);
    if (!fields.From === !fields.MessagingServiceSid) violations.push('exactly one of From and MessagingServiceSid');
    if (!fields.Body || fields.Body.length > 1600) violations.push('Body missing or over 1,600 characters');
    if (fields.StatusCallback && !/^https?:\/\//.test(fields.StatusCallback)) violations.push('StatusCallback is not a URL');
    calls.push({ path: request.url ?? '', headers: request.headers, body, fields, violations });
    if (violations.length) return reply(response, 400, { code: 21601, message: violations.join('; '), status: 400 });
    const answer = answers.get(fields.To!);
    if (answer === 'hang') return;
    if (answer) return reply(response, answer.status, answer.body);
    reply(response, 201, { sid: `SM${randomBytes(16).toString('hex')}`, status: 'queued', to: fields.To, body: fields.Body, num_segments: '1' });
  });
  return fake(server, url, calls, answers);
}

/**
 * JPush's push API v3 as documented: `POST /v3/push`, HTTP Basic auth with the AppKey and Master
 * Secret, a JSON body with `platform`, `audience` (here `{ alias: [...] }`) and a `notification`
 * whose `android` and `ios` parts carry the title and text; 200 with `sendno` and `msg_id`. Errors
 * answer `{ error: { code, message } }`.
 */
export async function startJpushFake(credentials: { appKey: string; masterSecret: string }): Promise<FakeProvider> {
  const calls: ProviderCall[] = [];
  const answers = new Map<string, FakeAnswer>();
  const { server, url } = await listen((request, body, response) => {
    const violations: string[] = [];
    let fields: Record<string, unknown> = {};
    try {
      fields = JSON.parse(body) as Record<string, unknown>;
    } catch {
      violations.push('the body is not JSON');
    }
    if (request.method !== 'POST' || request.url !== '/v3/push') violations.push(`${request.method} ${request.url}, not POST /v3/push`);
    if (basic(request.headers.authorization) !== `${credentials.appKey}:${credentials.masterSecret}`) {
      calls.push({ path: request.url ?? '', headers: request.headers, body, fields, violations: ['Basic auth is not AppKey:MasterSecret'] });
      return reply(response, 401, { error: { code: 1004, message: 'appkey and master secret do not match' } });
    }
    const platform = fields.platform;
    if (platform !== 'all' && !(Array.isArray(platform) && platform.every((one) => ['android', 'ios', 'quickapp', 'hmos'].includes(one)))) violations.push('platform');
    const alias = (fields.audience as { alias?: unknown } | undefined)?.alias;
    if (!Array.isArray(alias) || !alias.length || alias.some((one) => typeof one !== 'string' || one.length > 40)) violations.push('audience.alias must list aliases of at most 40 characters');
    const notification = fields.notification as { android?: { alert?: unknown }; ios?: { alert?: unknown } } | undefined;
    if (!notification || (typeof notification.android?.alert !== 'string' && notification.ios?.alert === undefined)) violations.push('notification needs an android or ios alert');
    calls.push({ path: request.url ?? '', headers: request.headers, body, fields, violations });
    if (violations.length) return reply(response, 400, { error: { code: 1003, message: violations.join('; ') } });
    const answer = answers.get(String((alias as string[])[0]));
    if (answer === 'hang') return;
    if (answer) return reply(response, answer.status, answer.body);
    reply(response, 200, { sendno: '0', msg_id: String(Date.now()) });
  });
  return fake(server, url, calls, answers);
}
