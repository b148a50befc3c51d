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

/** A WeCom fake: its access tokens can be expired by hand, and what staff did with a message or Moments task set. */
export interface WecomFake extends FakeProvider {
  expireTokens(): void;
  /**
   * What `get_groupmsg_send_result` reports for this recipient (a customer's external_userid, a
   * group's chat_id): 0 not sent yet, 1 sent, 2 not reachable, 3 over WeCom's limit.
   */
  setSendStatus(recipient: string, status: 0 | 1 | 2 | 3): void;
  /** A customer group WeCom knows, and its owner. */
  addGroup(chatId: string, owner: string): void;
  /** The staff member published the Moments task they were given (`get_moment_task`: publish_status 1). */
  publishMoments(userId: string): void;
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

/** Moments take images and videos by media id and at most one link (with a media id cover, if any); no mini-programs. */
function momentAttachmentViolations(attachments: Record<string, Record<string, unknown> | string>[]): string[] {
  const types = attachments.map((attachment) => attachment.msgtype as string);
  const violations = types.filter((type) => !['image', 'video', 'link'].includes(type)).map((type) => `Moments take no "${type}" attachment`);
  if (types.filter((type) => type === 'image').length > 9) violations.push('at most 9 images');
  if ((types.includes('link') || types.includes('video')) && attachments.length > 1) violations.push('a link or a video is the only attachment');
  for (const attachment of attachments) {
    const part = attachment[attachment.msgtype as string];
    if (typeof part !== 'object') violations.push(`attachment ${String(attachment.msgtype)} has no object`);
    else if (attachment.msgtype === 'link' ? typeof part.title !== 'string' || typeof part.url !== 'string' : typeof part.media_id !== 'string') violations.push(`${String(attachment.msgtype)} lacks its fields`);
  }
  return violations;
}

/**
 * WeCom's server API as documented: `GET /cgi-bin/gettoken?corpid=&corpsecret=` for an access
 * token (7,200 s); `POST externalcontact/add_msg_template` with `chat_type` "single"
 * (`external_userid`, sent by `sender`) or "group" (`chat_id_list` of groups `sender` owns), `text.content`
 * (at most 4,000 bytes) and up to 9 `attachments`, answering `fail_list` and `msgid`;
 * `externalcontact/get_groupmsg_send_result` (`msgid`, `userid`) listing each recipient's status;
 * `externalcontact/groupchat/get` (`chat_id`) naming a group's owner; `externalcontact/add_moment_task`
 * (`text`, `attachments`, `visible_range.sender_list.user_list`) answering a `jobid`,
 * `GET externalcontact/get_moment_task_result?jobid=` (status 3 with `result.moment_id` once
 * created) and `externalcontact/get_moment_task` (`moment_id`) listing each sender's
 * `publish_status`. Every answer is HTTP 200 with `errcode` (0 for success).
 */
export async function startWecomFake(credentials: { corpId: string; secret: string }): Promise<WecomFake> {
  const calls: ProviderCall[] = [];
  const answers = new Map<string, FakeAnswer>();
  const tokens = new Set<string>();
  const statuses = new Map<string, number>();
  const groups = new Map<string, string>();
  const published = new Set<string>();
  const messages = new Map<string, { recipients: string[]; key: 'external_userid' | 'chat_id'; sender: string }>();
  const moments = new Map<string, string[]>();
  const ok = (fields: Record<string, unknown> = {}) => ({ errcode: 0, errmsg: 'ok', ...fields });

  /** Each route checks its fields by WeCom's documented format and answers; violations answer errcode 41001. */
  const routes: Record<string, (fields: Record<string, unknown>, violations: string[], query: URLSearchParams) => unknown> = {
    'externalcontact/add_msg_template': (fields, violations) => {
      const single = fields.chat_type === 'single';
      const recipients = (single ? fields.external_userid : fields.chat_id_list) as unknown;
      if (fields.chat_type !== 'single' && fields.chat_type !== 'group') violations.push('chat_type must be "single" or "group"');
      if (single && (!Array.isArray(recipients) || !recipients.length || recipients.length > 10_000)) violations.push('external_userid must list 1–10,000 customers');
      if (!single && (!Array.isArray(recipients) || !recipients.length || recipients.length > 2000)) violations.push('chat_id_list must list 1–2,000 groups');
      if (!single && fields.external_userid !== undefined) violations.push('a group message names no external_userid');
      if (typeof fields.sender !== 'string' || !fields.sender) violations.push('sender must name a staff userid');
      if (!single && Array.isArray(recipients) && recipients.some((chatId) => groups.get(String(chatId)) !== fields.sender)) violations.push('sender must own every group in chat_id_list');
      const text = (fields.text as { content?: unknown } | undefined)?.content;
      if (text !== undefined && (typeof text !== 'string' || Buffer.byteLength(text) > 4000)) violations.push('text.content must be at most 4,000 bytes');
      const attachments = (fields.attachments ?? []) as Record<string, Record<string, unknown> | string>[];
      if (!Array.isArray(attachments) || attachments.length > 9) violations.push('at most 9 attachments');
      else violations.push(...attachments.flatMap(wecomAttachmentViolations));
      if (text === undefined && !attachments.length) violations.push('text or an attachment');
      if (violations.length) return undefined;
      const msgid = `msg${randomBytes(12).toString('hex')}`;
      messages.set(msgid, { recipients: (recipients as unknown[]).map(String), key: single ? 'external_userid' : 'chat_id', sender: String(fields.sender) });
      return ok({ fail_list: [], msgid });
    },
    'externalcontact/get_groupmsg_send_result': (fields, violations) => {
      const message = messages.get(String(fields.msgid));
      if (!message || message.sender !== fields.userid) violations.push('msgid and userid must name a message that staff member was given');
      if (violations.length) return undefined;
      const send_list = message!.recipients.map((recipient) => {
        const status = statuses.get(recipient) ?? 0;
        return { [message!.key]: recipient, userid: message!.sender, status, ...(status === 1 ? { send_time: 1_800_000_000 } : {}) };
      });
      return ok({ next_cursor: '', send_list });
    },
    'externalcontact/groupchat/get': (fields, violations) => {
      if (typeof fields.chat_id !== 'string') violations.push('chat_id is required');
      if (violations.length) return undefined;
      const owner = groups.get(String(fields.chat_id));
      return owner ? ok({ group_chat: { chat_id: fields.chat_id, name: 'group', owner, member_list: [], admin_list: [] } }) : { errcode: 40050, errmsg: 'chatid not exist' };
    },
    'externalcontact/add_moment_task': (fields, violations) => {
      const senders = ((fields.visible_range as { sender_list?: { user_list?: unknown } } | undefined)?.sender_list?.user_list ?? []) as unknown[];
      if (!Array.isArray(senders) || !senders.length || senders.some((sender) => typeof sender !== 'string')) violations.push('visible_range.sender_list.user_list must name staff');
      const text = (fields.text as { content?: unknown } | undefined)?.content;
      const attachments = (fields.attachments ?? []) as Record<string, Record<string, unknown> | string>[];
      if (text === undefined && !attachments.length) violations.push('text or an attachment');
      violations.push(...momentAttachmentViolations(attachments));
      if (violations.length) return undefined;
      const jobid = `job${randomBytes(8).toString('hex')}`;
      moments.set(jobid, senders as string[]);
      return ok({ jobid });
    },
    'externalcontact/get_moment_task_result': (_fields, violations, query) => {
      if (!moments.has(query.get('jobid') ?? '')) violations.push('jobid must name a task');
      return violations.length ? undefined : ok({ status: 3, type: 'add_moment_task', result: { errcode: 0, errmsg: 'ok', moment_id: `mom-${query.get('jobid')}`, invalid_sender_list: { user_list: [] } } });
    },
    'externalcontact/get_moment_task': (fields, violations) => {
      const senders = moments.get(String(fields.moment_id).replace(/^mom-/, ''));
      if (!senders) violations.push('moment_id must name a task');
      return violations.length ? undefined : ok({ next_cursor: '', task_list: senders!.map((userid) => ({ userid, publish_status: published.has(userid) ? 1 : 0 })) });
    },
  };

  const { server, url } = await listen((request, body, response) => {
    const parsed = new URL(request.url ?? '/', 'http://wecom.local');
    const violations: string[] = [];
    if (request.method === 'GET' && parsed.pathname === '/cgi-bin/gettoken') {
      const fields = Object.fromEntries(parsed.searchParams);
      calls.push({ path: parsed.pathname, headers: request.headers, body, fields, violations });
      if (fields.corpid !== credentials.corpId || fields.corpsecret !== credentials.secret) return reply(response, 200, { errcode: 40001, errmsg: 'invalid credential' });
      const token = randomBytes(24).toString('hex');
      tokens.add(token);
      return reply(response, 200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
    }
    let fields: Record<string, unknown> = {};
    const route = routes[parsed.pathname.replace(/^\/cgi-bin\//, '')];
    const expectsGet = parsed.pathname.endsWith('get_moment_task_result');
    if (!route || request.method !== (expectsGet ? 'GET' : 'POST')) violations.push(`${request.method} ${parsed.pathname}`);
    else if (!expectsGet) {
      try {
        fields = JSON.parse(body) as Record<string, unknown>;
      } catch {
        violations.push('the body is not JSON');
      }
    }
    calls.push({ path: parsed.pathname, headers: request.headers, body, fields, violations });
    if (!tokens.has(parsed.searchParams.get('access_token') ?? '')) return reply(response, 200, { errcode: 42001, errmsg: 'access_token expired' });
    const recipient = [fields.external_userid, fields.chat_id_list].find(Array.isArray)?.[0];
    const answer = violations.length ? undefined : answers.get(String(recipient));
    if (answer === 'hang') return;
    if (answer) return reply(response, answer.status, answer.body);
    const answered = violations.length ? undefined : route!(fields, violations, parsed.searchParams);
    reply(response, 200, answered ?? { errcode: 41001, errmsg: violations.join('; ') });
  });
  return {
    ...fake(server, url, calls, answers),
    expireTokens: () => tokens.clear(),
    setSendStatus: (recipient, status) => statuses.set(recipient, status),
    addGroup: (chatId, owner) => groups.set(chatId, owner),
    publishMoments: (userId) => published.add(userId),
  };
}
