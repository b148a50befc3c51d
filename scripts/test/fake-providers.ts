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

/** A WeCom fake: its access tokens can be expired by hand, and what staff did with a message set. */
export interface WecomFake extends FakeProvider {
  expireTokens(): void;
  /** What `get_groupmsg_send_result` reports for this customer: 0 not sent yet, 1 sent, 2 not a friend, 3 over WeCom's limit. */
  setSendStatus(externalUserId: string, status: 0 | 1 | 2 | 3): void;
}

const wecomMsgtypes = new Set(['image', 'link', 'miniprogram', 'video', 'file']);

function wecomAttachmentViolations(attachment: Record<string, Record<string, unknown> | string>): string[] {
  const type = attachment.msgtype as string;
  if (!wecomMsgtypes.has(type)) return [`attachment msgtype "${type}"`];
  const part = attachment[type];
  if (typeof part !== 'object') return [`attachment ${type} has no "${type}" object`];
  if (type === 'link' && (typeof part.title !== 'string' || typeof part.url !== 'string')) return ['a link needs title and url'];
  if (type === 'miniprogram' && ['title', 'pic_media_id', 'appid', 'page'].some((field) => typeof part[field] !== 'string')) return ['a miniprogram needs title, pic_media_id, appid and page'];
  if (type === 'image' && typeof part.media_id !== 'string' && typeof part.pic_url !== 'string') return ['an image needs media_id or pic_url'];
  return [];
}

/**
 * WeCom's server API as documented: `GET /cgi-bin/gettoken?corpid=&corpsecret=` for an
 * access token (7,200 s), and `POST /cgi-bin/externalcontact/add_msg_template?access_token=`
 * with `chat_type` ("single" or "group"), `external_userid` (single), `sender`, `text.content`
 * (at most 4,000 bytes) and up to 9 `attachments` (image, link, miniprogram…); answers carry
 * `errcode` (0 for success) with HTTP 200, and a success lists `fail_list` and `msgid`.
 */
export async function startWecomFake(credentials: { corpId: string; secret: string }): Promise<WecomFake> {
  const calls: ProviderCall[] = [];
  const answers = new Map<string, FakeAnswer>();
  const tokens = new Set<string>();
  const statuses = new Map<string, number>();
  const queued = new Map<string, { external: string; sender: string }>();
  const { server, url } = await listen((request, body, response) => {
    const parsed = new URL(request.url ?? '/', 'http://wecom.local');
    const violations: string[] = [];
    if (request.method === 'POST' && parsed.pathname === '/cgi-bin/externalcontact/get_groupmsg_send_result') {
      const fields = JSON.parse(body || '{}') as { msgid?: string; userid?: string };
      const message = queued.get(fields.msgid ?? '');
      if (!message || message.sender !== fields.userid) violations.push('msgid and userid must name a message that staff member was given');
      calls.push({ path: parsed.pathname, headers: request.headers, body, fields, violations });
      if (!tokens.has(parsed.searchParams.get('access_token') ?? '')) return reply(response, 200, { errcode: 42001, errmsg: 'access_token expired' });
      if (violations.length) return reply(response, 200, { errcode: 41051, errmsg: violations.join('; ') });
      const status = statuses.get(message!.external) ?? 0;
      return reply(response, 200, { errcode: 0, errmsg: 'ok', next_cursor: '', send_list: [{ external_userid: message!.external, userid: message!.sender, status, ...(status === 1 ? { send_time: 1_800_000_000 } : {}) }] });
    }
    if (request.method === 'GET' && parsed.pathname === '/cgi-bin/gettoken') {
      const fields = Object.fromEntries(parsed.searchParams);
      calls.push({ path: parsed.pathname, headers: request.headers, body, fields, violations });
      if (fields.corpid !== credentials.corpId || fields.corpsecret !== credentials.secret) return reply(response, 200, { errcode: 40001, errmsg: 'invalid credential' });
      const token = randomBytes(24).toString('hex');
      tokens.add(token);
      return reply(response, 200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
    }
    let fields: Record<string, unknown> = {};
    try {
      fields = JSON.parse(body) as Record<string, unknown>;
    } catch {
      violations.push('the body is not JSON');
    }
    if (request.method !== 'POST' || parsed.pathname !== '/cgi-bin/externalcontact/add_msg_template') violations.push(`${request.method} ${parsed.pathname}`);
    calls.push({ path: parsed.pathname, headers: request.headers, body, fields, violations });
    if (!tokens.has(parsed.searchParams.get('access_token') ?? '')) return reply(response, 200, { errcode: 42001, errmsg: 'access_token expired' });
    const external = fields.external_userid;
    if (fields.chat_type !== 'single' && fields.chat_type !== 'group') violations.push('chat_type must be "single" or "group"');
    if (fields.chat_type === 'single' && (!Array.isArray(external) || !external.length || external.length > 10_000)) violations.push('external_userid must list 1–10,000 customers');
    if (typeof fields.sender !== 'string' || !fields.sender) violations.push('sender must name a staff userid');
    const text = (fields.text as { content?: unknown } | undefined)?.content;
    if (text !== undefined && (typeof text !== 'string' || Buffer.byteLength(text) > 4000)) violations.push('text.content must be at most 4,000 bytes');
    const attachments = (fields.attachments ?? []) as Record<string, Record<string, unknown> | string>[];
    if (!Array.isArray(attachments) || attachments.length > 9) violations.push('at most 9 attachments');
    else violations.push(...attachments.flatMap(wecomAttachmentViolations));
    if (text === undefined && !attachments.length) violations.push('text or an attachment');
    if (violations.length) return reply(response, 200, { errcode: 41001, errmsg: violations.join('; ') });
    const answer = answers.get(String((external as string[] | undefined)?.[0]));
    if (answer === 'hang') return;
    if (answer) return reply(response, answer.status, answer.body);
    const msgid = `msg${randomBytes(12).toString('hex')}`;
    queued.set(msgid, { external: String((external as string[])[0]), sender: String(fields.sender) });
    reply(response, 200, { errcode: 0, errmsg: 'ok', fail_list: [], msgid });
  });
  return { ...fake(server, url, calls, answers), expireTokens: () => tokens.clear(), setSendStatus: (external, status) => statuses.set(external, status) };
}
