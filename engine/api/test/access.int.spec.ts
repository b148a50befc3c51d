import { chain } from '@trellis/journey/dist/testing/journey-builder';
import { Connection } from 'mongoose';
import { createWorkspace, expectProblem, httpClient, RunningApi, startApiAlone, testAdminToken } from '@trellis/devstack/test/harness';

const password = 'correct horse battery';

/** API keys with scopes, operators with roles, sessions, rate limits and the audit log, over HTTP. */
describe('access: keys, operators, roles and the audit log', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;
  let api: RunningApi;
  let mongo: Connection;

  beforeAll(async () => {
    stack = await startApiAlone('access');
    ({ api, mongo } = stack);
  });

  afterAll(() => stack?.stop());

  const installation = () => httpClient(api.url, testAdminToken);

  /** A workspace with an owner, signed in: the owner's client acts in it. */
  async function ownedWorkspace(email: string) {
    const created = await installation().post('/v1/workspaces', { name: `${email}'s`, owner: { email, name: 'Owner', password } });
    expect(created.status).toBe(201);
    const workspaceId = created.body.workspace.id as string;
    const signedIn = await httpClient(api.url).post('/v1/auth/sign-in', { email, password });
    expect(signedIn.status).toBe(200);
    return { workspaceId, key: created.body.apiKey.key as string, session: signedIn.body.token as string, owner: httpClient(api.url, signedIn.body.token, { headers: { 'x-trellis-workspace': workspaceId } }) };
  }

  it('scopes API keys: ingest keys only send events, read keys only read, revoked keys stop at once', async () => {
    const { client } = await createWorkspace(api.url);
    const ingest = await client.post('/v1/api-keys', { name: 'web', scope: 'ingest' });
    expect(ingest.status).toBe(201);
    expect(ingest.body).toMatchObject({ name: 'web', scope: 'ingest', revokedAt: null, key: expect.stringMatching(/^trl_[a-f0-9]{24}_/) });
    const read = await client.post('/v1/api-keys', { name: 'dashboard', scope: 'read' });
    const web = httpClient(api.url, ingest.body.key);
    const dashboard = httpClient(api.url, read.body.key);

    expect((await web.post('/v1/events', { userId: 'u1', event: 'viewed' })).status).toBe(202);
    // Segment's libraries send the write key as a Basic user name with no password.
    const basic = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${ingest.body.key}:`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'u1', event: 'viewed' }),
    });
    expect(basic.status).toBe(202);
    expectProblem(await web.get('/v1/journeys'), 403);
    expectProblem(await web.get('/v1/contacts/u1'), 403);
    expect((await dashboard.get('/v1/contacts/u1')).status).toBe(200);
    expectProblem(await dashboard.post('/v1/events', { userId: 'u1', event: 'viewed' }), 403);
    expectProblem(await dashboard.post('/v1/journeys', chain(['trigger.event', 'exit'], { 'trigger.event': { event: 'x' } })), 403);
    expectProblem(await dashboard.get('/v1/api-keys'), 403);

    const listed = await client.get('/v1/api-keys');
    expect(listed.body.map((key: { name: string }) => key.name)).toEqual(['default', 'web', 'dashboard']);
    expect(JSON.stringify(listed.body)).not.toContain(ingest.body.key);
    expect(listed.body.every((key: Record<string, unknown>) => !('hash' in key) && !('key' in key))).toBe(true);

    const revoked = await client.delete(`/v1/api-keys/${ingest.body.id}`);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expectProblem(await web.post('/v1/events', { userId: 'u1', event: 'viewed' }), 401);
    // A key that was never issued, a malformed one, and a real id with the wrong secret.
    expectProblem(await httpClient(api.url, `trl_${ingest.body.id}_${'A'.repeat(43)}`).get('/v1/journeys'), 401);
    expectProblem(await httpClient(api.url, 'trl_nonsense').get('/v1/journeys'), 401);
    expectProblem(await httpClient(api.url).get('/v1/journeys'), 401);
  });

  it('signs operators in and out, and acts in a workspace only with its header and a membership', async () => {
    const { workspaceId, session, owner } = await ownedWorkspace('owner@example.com');
    const me = await httpClient(api.url, session).get('/v1/auth/me');
    expect(me.body).toEqual({ operator: { id: expect.any(String), email: 'owner@example.com', name: 'Owner' }, workspaces: [{ id: workspaceId, role: 'admin' }] });
    expect((await owner.get('/v1/journeys')).status).toBe(200);

    const noHeader = await httpClient(api.url, session).get('/v1/journeys');
    expectProblem(noHeader, 401);
    expect(noHeader.body.detail).toContain('x-trellis-workspace');
    const other = await createWorkspace(api.url);
    expectProblem(await httpClient(api.url, session, { headers: { 'x-trellis-workspace': other.workspaceId } }).get('/v1/journeys'), 403);

    expectProblem(await httpClient(api.url).post('/v1/auth/sign-in', { email: 'owner@example.com', password: 'not the password' }), 401);
    expectProblem(await httpClient(api.url).post('/v1/auth/sign-in', { email: 'nobody@example.com', password }), 401);
    expectProblem(await installation().post('/v1/workspaces', { name: 'again', owner: { email: 'owner@example.com', name: 'Twin', password } }), 409);

    // An expired session is refused like an ended one.
    const second = (await httpClient(api.url).post('/v1/auth/sign-in', { email: 'owner@example.com', password })).body.token as string;
    await mongo.collection('sessions').updateOne({ _id: new (await import('mongodb')).ObjectId(second.slice(4, 28)) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expectProblem(await httpClient(api.url, second).get('/v1/auth/me'), 401);

    expect((await httpClient(api.url, session).post('/v1/auth/password', { current: password, next: 'a newer passphrase' })).status).toBe(204);
    expectProblem(await httpClient(api.url).post('/v1/auth/sign-in', { email: 'owner@example.com', password }), 401);
    expect((await httpClient(api.url).post('/v1/auth/sign-in', { email: 'owner@example.com', password: 'a newer passphrase' })).status).toBe(200);

    expect((await httpClient(api.url, session).post('/v1/auth/sign-out')).status).toBe(204);
    expectProblem(await owner.get('/v1/journeys'), 401);
  });

  it('gives each role what it may do and refuses the rest', async () => {
    const { workspaceId, owner } = await ownedWorkspace('admin@example.com');
    const join = async (role: string) => {
      const invited = await owner.post('/v1/members/invites', { email: `${role}@example.com`, role });
      expect(invited.status).toBe(201);
      const accepted = await httpClient(api.url).post('/v1/auth/accept-invite', { token: invited.body.token, name: role, password });
      expect(accepted.status).toBe(200);
      expect(accepted.body.workspaces).toEqual([{ id: workspaceId, role }]);
      // An invitation is used once.
      expectProblem(await httpClient(api.url).post('/v1/auth/accept-invite', { token: invited.body.token, name: role, password }), 401);
      return httpClient(api.url, accepted.body.token, { headers: { 'x-trellis-workspace': workspaceId } });
    };
    const marketer = await join('marketer');
    const analyst = await join('analyst');
    const support = await join('support');

    const journey = chain(['trigger.event', 'action.tag', 'exit'], { 'trigger.event': { event: 'joined' }, 'action.tag': { add: ['in'] } });
    const created = await marketer.post('/v1/journeys', journey);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await marketer.post(`/v1/journeys/${id}/publish`, { note: 'by the marketer' })).status).toBe(200);
    expect((await marketer.post(`/v1/journeys/${id}/pause`)).status).toBe(200);
    expectProblem(await marketer.post('/v1/api-keys', { name: 'mine', scope: 'admin' }), 403);
    expectProblem(await marketer.get('/v1/audit'), 403);
    expectProblem(await marketer.get('/v1/members'), 403);

    expect((await analyst.get(`/v1/journeys/${id}`)).status).toBe(200);
    expect((await analyst.get(`/v1/journeys/${id}/enrollments`)).status).toBe(200);
    expectProblem(await analyst.put(`/v1/journeys/${id}`, journey), 403);
    expectProblem(await analyst.post(`/v1/journeys/${id}/resume`), 403);
    expectProblem(await analyst.post('/v1/events', { userId: 'u', event: 'joined' }), 403);

    expect((await support.get(`/v1/journeys/${id}`)).status).toBe(200);
    expectProblem(await support.post('/v1/journeys', journey), 403);
    expectProblem(await support.post(`/v1/journeys/${id}/archive`), 403);

    const members = await owner.get('/v1/members');
    expect(members.body.map((member: { email: string; role: string }) => [member.email, member.role])).toEqual([
      ['admin@example.com', 'admin'],
      ['marketer@example.com', 'marketer'],
      ['analyst@example.com', 'analyst'],
      ['support@example.com', 'support'],
    ]);
    const adminId = members.body[0].operatorId as string;
    const analystId = members.body[2].operatorId as string;
    // The last admin stays.
    expectProblem(await owner.patch(`/v1/members/${adminId}`, { role: 'analyst' }), 409);
    expectProblem(await owner.delete(`/v1/members/${adminId}`), 409);
    expect((await owner.patch(`/v1/members/${analystId}`, { role: 'marketer' })).body).toMatchObject({ role: 'marketer' });
    expect((await analyst.post(`/v1/journeys/${id}/resume`)).status).toBe(200);
    expect((await owner.delete(`/v1/members/${analystId}`)).status).toBe(204);
    expectProblem(await analyst.get(`/v1/journeys/${id}`), 403);
  });

  it('tells any credential of a workspace who it acts as and what it may do, even one that may do almost nothing', async () => {
    const { workspaceId, key, session, owner } = await ownedWorkspace('asker@example.com');
    const invited = await owner.post('/v1/members/invites', { email: 'asker-support@example.com', role: 'support' });
    const support = await httpClient(api.url).post('/v1/auth/accept-invite', { token: invited.body.token, name: 'Support', password });
    const ingest = await owner.post('/v1/api-keys', { name: 'web', scope: 'ingest' });

    expect((await owner.get('/v1/access')).body).toEqual({
      workspaceId,
      actor: { kind: 'operator', id: expect.any(String), name: 'asker@example.com' },
      role: 'admin',
      permissions: expect.arrayContaining(['audit:read', 'members:manage', 'tasks:write']),
    });
    const asSupport = await httpClient(api.url, support.body.token, { headers: { 'x-trellis-workspace': workspaceId } }).get('/v1/access');
    expect(asSupport.body).toEqual({ workspaceId, actor: { kind: 'operator', id: support.body.operator.id, name: 'asker-support@example.com' }, role: 'support', permissions: ['contacts:read', 'journeys:read', 'tasks:read', 'tasks:write'] });
    // An ingest key may ask too: a front-end learns it may only send events.
    expect((await httpClient(api.url, ingest.body.key).get('/v1/access')).body).toEqual({ workspaceId, actor: { kind: 'apiKey', id: ingest.body.id, name: 'web' }, permissions: ['events:write'] });
    const admin = (await httpClient(api.url, key).get('/v1/access')).body;
    expect(admin).toMatchObject({ actor: { kind: 'apiKey', name: 'default' } });
    expect(admin.role).toBeUndefined();
    expect(admin.permissions).not.toContain('members:manage');

    expectProblem(await httpClient(api.url).get('/v1/access'), 401);
    expectProblem(await httpClient(api.url, session).get('/v1/access'), 401);
    expectProblem(await httpClient(api.url, session, { headers: { 'x-trellis-workspace': (await createWorkspace(api.url)).workspaceId } }).get('/v1/access'), 403);
    expectProblem(await httpClient(api.url, testAdminToken).get('/v1/access'), 401);
  });

  it('records who published, paused, resumed, archived and changed access, newest first, page by page', async () => {
    const { owner, workspaceId } = await ownedWorkspace('auditor@example.com');
    const journey = chain(['trigger.event', 'exit'], { 'trigger.event': { event: 'joined' } });
    const id = (await owner.post('/v1/journeys', journey)).body.id as string;
    await owner.post(`/v1/journeys/${id}/publish`, { note: 'v1' });
    await owner.post(`/v1/journeys/${id}/pause`);
    await owner.post(`/v1/journeys/${id}/resume`);
    await owner.post(`/v1/journeys/${id}/archive`);
    const key = await owner.post('/v1/api-keys', { name: 'ci', scope: 'admin' });
    await httpClient(api.url, key.body.key).post('/v1/api-keys', { name: 'made by ci', scope: 'ingest' });
    await owner.delete(`/v1/api-keys/${key.body.id}`);

    const page = await owner.get('/v1/audit?limit=4');
    expect(page.status).toBe(200);
    expect(page.body.events.map((event: { action: string; actor: { name: string } }) => [event.action, event.actor.name])).toEqual([
      ['api_key.revoked', 'auditor@example.com'],
      ['api_key.created', 'ci'],
      ['api_key.created', 'auditor@example.com'],
      ['journey.archived', 'auditor@example.com'],
    ]);
    const rest = await owner.get(`/v1/audit?limit=50&before=${page.body.next}`);
    expect(rest.body.next).toBeNull();
    expect(rest.body.events.map((event: { action: string }) => event.action)).toEqual([
      'journey.resumed',
      'journey.paused',
      'journey.published',
      'api_key.created',
      'member.added',
      'workspace.created',
    ]);
    expect(rest.body.events[2]).toMatchObject({ target: { type: 'journey', id }, details: { version: 1, note: 'v1' }, actor: { kind: 'operator' } });
    expect(rest.body.events[1]).toMatchObject({ details: { from: 'active' } });
    expect(await mongo.collection('audit_events').countDocuments({ workspaceId })).toBe(10);
    expectProblem(await owner.get('/v1/audit?before=not-a-cursor'), 400);
  });
});

describe('access: rate limits per key', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;
  let api: RunningApi;

  beforeAll(async () => {
    stack = await startApiAlone('rate-limits', { TRELLIS_RATE_LIMIT_PER_MINUTE: '5' });
    ({ api } = stack);
  });

  afterAll(() => stack?.stop());

  it('answers 429 with Retry-After once a key passes its limit, and counts each key on its own', async () => {
    const first = await createWorkspace(api.url);
    const second = await createWorkspace(api.url);
    for (let request = 0; request < 5; request++) expect((await first.client.get('/v1/journeys')).status).toBe(200);
    const limited = await first.client.get('/v1/journeys');
    expectProblem(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await second.client.get('/v1/journeys')).status).toBe(200);
  });
});
