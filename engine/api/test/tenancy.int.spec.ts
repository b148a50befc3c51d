import { chain } from '@trellis/journey/dist/testing/journey-builder';
import { taskIdOf } from '@trellis/runtime';
import { expectProblem, httpClient, RunningApi, startApiAlone, testAdminToken } from '@trellis/devstack/test/harness';

const password = 'correct horse battery';
const journey = chain(['trigger.event', 'wait.delay', 'action.tag', 'exit'], {
  'trigger.event': { event: 'tenant-joined' },
  'wait.delay': { amount: 1, unit: 'days' },
  'action.tag': { add: ['tenant'] },
});

/**
 * What another workspace's credentials do to each route, addressed at this workspace's
 * resources. Every route of the OpenAPI document must be listed: a new route fails this test
 * until someone decides how it is isolated.
 */
type Expectation =
  /** Not about a workspace's data: public, the installation's, or the operator's own account. */
  | { kind: 'unscoped' }
  /** Names a resource of workspace A by id: the other workspace finds nothing. */
  | { kind: 'notFound'; body?: unknown; query?: string }
  /** Lists or reads the caller's own workspace (a query may take a body): nothing of A's shows. */
  | { kind: 'ownOnly'; body?: unknown }
  /** Creates something: in the caller's workspace, leaving A's untouched (checked at the end). `body` may differ per credential. */
  | { kind: 'createsOwn'; status: number; body: unknown };

const perCredential = (make: (credential: string) => unknown) => ({ perCredential: make });

describe('tenancy: a credential of workspace B neither reads nor changes anything of workspace A, on every route', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;
  let api: RunningApi;

  beforeAll(async () => {
    stack = await startApiAlone('tenancy');
    ({ api } = stack);
  });

  afterAll(() => stack?.stop());

  async function workspace(tag: string) {
    const email = `${tag}-owner@example.com`;
    const created = await httpClient(api.url, testAdminToken).post('/v1/workspaces', { name: `workspace ${tag}`, owner: { email, name: tag, password } });
    expect(created.status).toBe(201);
    const workspaceId = created.body.workspace.id as string;
    const session = (await httpClient(api.url).post('/v1/auth/sign-in', { email, password })).body.token as string;
    return {
      workspaceId,
      email,
      key: httpClient(api.url, created.body.apiKey.key),
      session: httpClient(api.url, session, { headers: { 'x-trellis-workspace': workspaceId } }),
      sessionToken: session,
    };
  }

  it('holds for every route in the OpenAPI document, with an API key and with an operator session', async () => {
    const a = await workspace('alpha');
    const b = await workspace('beta');

    // Workspace A's resources: a published journey a contact is enrolled in, a second key, a member.
    const journeyId = (await a.key.post('/v1/journeys', journey)).body.id as string;
    expect((await a.key.post(`/v1/journeys/${journeyId}/publish`, { note: 'a' })).status).toBe(200);
    const tracked = await a.key.post('/v1/events', { userId: 'alpha-contact', event: 'tenant-joined' });
    expect(tracked.body.enrolled).toHaveLength(1);
    const secondKey = await a.key.post('/v1/api-keys', { name: 'alpha-ci', scope: 'admin' });
    const invite = await a.session.post('/v1/members/invites', { email: 'alpha-member@example.com', role: 'analyst' });
    const member = await httpClient(api.url).post('/v1/auth/accept-invite', { token: invite.body.token, name: 'alpha member', password });
    const memberId = member.body.operator.id as string;
    expect((await a.key.post('/v1/segments', { key: 'alpha-vips', name: 'Alpha VIPs', rule: { kind: 'tags', op: 'has', tags: ['vip'] } })).status).toBe(201);
    const importId = (await a.key.post('/v1/contact-imports', { mapping: { columns: { id: 'userId' } }, fileName: 'alpha.csv' })).body.id as string;
    expect(importId).toEqual(expect.any(String));
    const alphaIds = [a.workspaceId, journeyId, importId, tracked.body.contactId, secondKey.body.id, memberId, 'alpha-contact', 'alpha-ci', 'alpha-member@example.com', a.email];

    expect((await a.key.post('/v1/events', { userId: 'alpha-contact', event: 'Group Joined', properties: { groupId: 'alpha-group' } })).status).toBe(202);
    // A template under the same key as the segment, so every `{key}` route names something of A's.
    expect((await a.key.post('/v1/message-templates', { key: 'alpha-vips', name: 'Alpha welcome', bodies: { sms: { text: 'Hi {{ contact.userId }}' } } })).status).toBe(201);
    expect((await a.key.put('/v1/messaging-policy', { caps: [{ id: 'alpha-daily', limit: 2, per: 'day' }] })).status).toBe(200);
    expect((await a.key.put('/v1/channels/email', { host: 'smtp.alpha.example', from: 'hi@alpha.example', user: 'alpha', password: 'alpha-secret' })).status).toBe(200);
    // A hand-off of A's, as a journey's action.handoff opens it (this stack runs no journey worker).
    const taskId = taskIdOf('alpha-handoff');
    const now = new Date();
    await stack.mongo.collection('tasks').insertOne({
      _id: taskId as never,
      workspaceId: a.workspaceId,
      contactId: tracked.body.contactId,
      title: 'Call alpha',
      queue: 'default',
      priority: 'normal',
      status: 'open',
      notes: [],
      createdAt: now,
      due: { firstResponseBy: now, resolveBy: now },
      escalations: [],
    });
    const params: Record<string, string> = { id: journeyId, externalId: 'alpha-contact', key: 'alpha-vips', groupId: 'alpha-group', version: '1', templateId: 'welcome-series', kind: 'email', token: 'not-a-token', taskId };
    const expectations: Record<string, Expectation> = {
      'GET /v1/health': { kind: 'unscoped' },
      'GET /v1/nodes': { kind: 'unscoped' },
      'GET /v1/catalogue': { kind: 'unscoped' },
      'POST /v1/workspaces': { kind: 'unscoped' },
      'POST /v1/auth/sign-in': { kind: 'unscoped' },
      'POST /v1/auth/accept-invite': { kind: 'unscoped' },
      'GET /v1/auth/me': { kind: 'unscoped' },
      'POST /v1/auth/sign-out': { kind: 'unscoped' },
      'POST /v1/auth/password': { kind: 'unscoped' },
      'GET /v1/access': { kind: 'ownOnly' },
      'GET /v1/workspaces/current': { kind: 'ownOnly' },
      'PATCH /v1/workspaces/current': { kind: 'createsOwn', status: 200, body: { webhookAllowedHosts: ['crm.beta.internal'] } },
      'POST /v1/journeys': { kind: 'createsOwn', status: 201, body: journey },
      'GET /v1/journeys': { kind: 'ownOnly' },
      'GET /v1/journeys/{id}': { kind: 'notFound' },
      'PUT /v1/journeys/{id}': { kind: 'notFound', body: journey },
      'POST /v1/journeys/{id}/validate': { kind: 'notFound' },
      'POST /v1/journeys/{id}/publish': { kind: 'notFound', body: { note: 'hijack' } },
      'GET /v1/journeys/{id}/versions': { kind: 'notFound' },
      'GET /v1/journeys/{id}/versions/{version}': { kind: 'notFound' },
      'GET /v1/journeys/{id}/diff': { kind: 'notFound', query: 'from=1&to=draft' },
      'GET /v1/templates': { kind: 'ownOnly' },
      'POST /v1/templates/{templateId}/journeys': { kind: 'createsOwn', status: 201, body: { name: 'Beta’s welcome' } },
      'GET /v1/journeys/{id}/enrollments': { kind: 'notFound' },
      'GET /v1/journeys/{id}/stats': { kind: 'notFound' },
      'GET /v1/journeys/{id}/experiments': { kind: 'notFound' },
      'GET /v1/journeys/{id}/funnel': { kind: 'notFound', query: 'steps=node:in,goal' },
      'GET /v1/journeys/{id}/delivery': { kind: 'notFound' },
      'POST /v1/journeys/{id}/pause': { kind: 'notFound' },
      'POST /v1/journeys/{id}/resume': { kind: 'notFound' },
      'POST /v1/journeys/{id}/archive': { kind: 'notFound' },
      'DELETE /v1/journeys/{id}/contacts/{externalId}': { kind: 'notFound' },
      'GET /v1/journeys/{id}/broadcasts': { kind: 'notFound' },
      'POST /v1/journeys/{id}/broadcasts': { kind: 'notFound' },
      'POST /v1/events': { kind: 'createsOwn', status: 202, body: { userId: 'beta-contact', event: 'tenant-joined' } },
      'POST /v1/track': { kind: 'createsOwn', status: 200, body: { userId: 'beta-contact', event: 'tenant-joined' } },
      'POST /v1/identify': { kind: 'createsOwn', status: 200, body: { userId: 'beta-contact', traits: { plan: 'b' } } },
      'POST /v1/page': { kind: 'createsOwn', status: 200, body: { userId: 'beta-contact', name: 'Pricing' } },
      'POST /v1/screen': { kind: 'createsOwn', status: 200, body: { userId: 'beta-contact', name: 'Home' } },
      'POST /v1/alias': { kind: 'createsOwn', status: 200, body: { userId: 'beta-contact', previousId: 'beta-device' } },
      'POST /v1/group': { kind: 'createsOwn', status: 200, body: { userId: 'beta-contact', groupId: 'beta-group', traits: { name: 'Beta’s own' } } },
      'POST /v1/batch': { kind: 'createsOwn', status: 200, body: { batch: [{ type: 'identify', userId: 'beta-contact', traits: { seen: true } }] } },
      'GET /v1/contacts': { kind: 'ownOnly' },
      'POST /v1/contacts': { kind: 'createsOwn', status: 201, body: { anonymousId: 'beta-made', traits: { plan: 'b' } } },
      'GET /v1/contacts/{externalId}': { kind: 'notFound' },
      'PATCH /v1/contacts/{externalId}': { kind: 'notFound', body: { traits: { hijacked: true } } },
      'DELETE /v1/contacts/{externalId}': { kind: 'notFound' },
      'GET /v1/contacts/{externalId}/timeline': { kind: 'notFound' },
      'GET /v1/api-keys': { kind: 'ownOnly' },
      'POST /v1/api-keys': { kind: 'createsOwn', status: 201, body: { name: 'beta-key', scope: 'read' } },
      'DELETE /v1/api-keys/{id}': { kind: 'notFound' },
      'GET /v1/members': { kind: 'ownOnly' },
      'POST /v1/members/invites': { kind: 'createsOwn', status: 201, body: { email: 'beta-member@example.com', role: 'support' } },
      'PATCH /v1/members/{id}': { kind: 'notFound', body: { role: 'admin' } },
      'DELETE /v1/members/{id}': { kind: 'notFound' },
      'GET /v1/audit': { kind: 'ownOnly' },
      'GET /v1/segments': { kind: 'ownOnly' },
      'POST /v1/segments': { kind: 'createsOwn', status: 201, body: perCredential((credential) => ({ key: `beta-${credential.toLowerCase().replace(/\W/g, '-')}`, name: 'Beta’s own', rule: { kind: 'tags', op: 'has', tags: ['b'] } })) },
      'POST /v1/segments/preview': { kind: 'ownOnly', body: { rule: { kind: 'tags', op: 'hasNot', tags: ['nothing'] } } },
      'GET /v1/segments/{key}': { kind: 'notFound' },
      'PATCH /v1/segments/{key}': { kind: 'notFound', body: { name: 'hijacked' } },
      'DELETE /v1/segments/{key}': { kind: 'notFound' },
      'GET /v1/segments/{key}/members': { kind: 'notFound' },
      'POST /v1/segments/{key}/sweep': { kind: 'notFound' },
      'GET /v1/groups': { kind: 'ownOnly' },
      'POST /v1/groups': { kind: 'createsOwn', status: 201, body: perCredential((credential) => ({ groupId: `beta-${credential.toLowerCase().replace(/\W/g, '-')}`, name: 'Beta’s own' })) },
      'GET /v1/groups/{groupId}': { kind: 'notFound' },
      'PATCH /v1/groups/{groupId}': { kind: 'notFound', body: { name: 'hijacked' } },
      'DELETE /v1/groups/{groupId}': { kind: 'notFound' },
      'GET /v1/groups/{groupId}/members': { kind: 'notFound' },
      'PATCH /v1/groups/{groupId}/members/{externalId}': { kind: 'notFound', body: { add: ['hijacked'] } },
      'GET /v1/contact-imports': { kind: 'ownOnly' },
      'POST /v1/contact-imports': { kind: 'createsOwn', status: 201, body: { mapping: { columns: { id: 'userId' } }, fileName: 'beta.csv' } },
      'GET /v1/contact-imports/{id}': { kind: 'notFound' },
      'PUT /v1/contact-imports/{id}/file': { kind: 'notFound' },
      'GET /v1/contact-imports/{id}/errors': { kind: 'notFound' },
      'GET /v1/message-templates': { kind: 'ownOnly' },
      'POST /v1/message-templates': { kind: 'createsOwn', status: 201, body: perCredential((credential) => ({ key: `beta-${credential.toLowerCase().replace(/\W/g, '-')}`, name: 'Beta’s own', bodies: { sms: { text: 'hi' } } })) },
      'GET /v1/message-templates/{key}': { kind: 'notFound' },
      'PUT /v1/message-templates/{key}': { kind: 'notFound', body: { name: 'hijacked' } },
      'DELETE /v1/message-templates/{key}': { kind: 'notFound' },
      'GET /v1/message-templates/{key}/versions': { kind: 'notFound' },
      'GET /v1/message-templates/{key}/versions/{version}': { kind: 'notFound' },
      'POST /v1/message-templates/{key}/preview': { kind: 'notFound', body: { userId: 'alpha-contact' } },
      'GET /v1/messaging-policy': { kind: 'ownOnly' },
      'PUT /v1/messaging-policy': { kind: 'createsOwn', status: 200, body: { caps: [] } },
      'POST /v1/messaging-policy/kill-switch': { kind: 'createsOwn', status: 200, body: { on: true, note: 'beta only' } },
      'GET /v1/tasks': { kind: 'ownOnly' },
      'GET /v1/tasks/{id}': { kind: 'notFound' },
      'POST /v1/tasks/{id}/claim': { kind: 'notFound' },
      'POST /v1/tasks/{id}/respond': { kind: 'notFound', body: { text: 'hijacked' } },
      'POST /v1/tasks/{id}/notes': { kind: 'notFound', body: { text: 'hijacked' } },
      'POST /v1/tasks/{id}/resolve': { kind: 'notFound', body: { resolution: 'hijacked' } },
      'GET /v1/channels': { kind: 'ownOnly' },
      'PUT /v1/channels/{kind}': { kind: 'createsOwn', status: 200, body: { host: 'smtp.beta.example', from: 'hi@beta.example' } },
      'DELETE /v1/channels/{kind}': { kind: 'createsOwn', status: 204, body: undefined },
      'POST /v1/channels/sms/status/{sendId}': { kind: 'unscoped' },
      // Signed links, not credentials: a link names its workspace and only that workspace's key signs one.
      'GET /v1/unsubscribe/{token}': { kind: 'unscoped' },
      'POST /v1/unsubscribe/{token}': { kind: 'unscoped' },
    };
    // The ids each route names, when it names A's key or member rather than a journey.
    const idFor: Record<string, string> = {
      '/v1/api-keys/{id}': secondKey.body.id,
      '/v1/members/{id}': memberId,
      '/v1/contact-imports/{id}': importId,
      '/v1/contact-imports/{id}/file': importId,
      '/v1/contact-imports/{id}/errors': importId,
      '/v1/tasks/{id}': taskId,
      '/v1/tasks/{id}/claim': taskId,
      '/v1/tasks/{id}/respond': taskId,
      '/v1/tasks/{id}/notes': taskId,
      '/v1/tasks/{id}/resolve': taskId,
    };

    const document = (await httpClient(api.url).get('/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes.filter((route) => !(route in expectations))).toEqual([]);
    expect(Object.keys(expectations).filter((route) => !routes.includes(route))).toEqual([]);

    const snapshot = async () => ({
      journey: (await a.key.get(`/v1/journeys/${journeyId}`)).body,
      versions: (await a.key.get(`/v1/journeys/${journeyId}/versions`)).body,
      enrollments: (await a.key.get(`/v1/journeys/${journeyId}/enrollments`)).body,
      contact: (await a.key.get('/v1/contacts/alpha-contact')).body,
      keys: (await a.key.get('/v1/api-keys')).body,
      members: (await a.session.get('/v1/members')).body,
      audit: (await a.key.get('/v1/audit?limit=200')).body,
      segment: (await a.key.get('/v1/segments/alpha-vips')).body,
      import: (await a.key.get(`/v1/contact-imports/${importId}`)).body,
      group: (await a.key.get('/v1/groups/alpha-group')).body,
      groupMembers: (await a.key.get('/v1/groups/alpha-group/members')).body,
      template: (await a.key.get('/v1/message-templates/alpha-vips/versions')).body,
      policy: (await a.key.get('/v1/messaging-policy')).body,
      channels: (await a.key.get('/v1/channels')).body,
      task: (await a.key.get(`/v1/tasks/${taskId}`)).body,
      workspace: (await a.key.get('/v1/workspaces/current')).body,
    });
    const before = await snapshot();

    for (const [credential, client] of [
      ['API key', b.key],
      ['operator session', b.session],
    ] as const) {
      for (const route of routes) {
        const expectation = expectations[route]!;
        if (expectation.kind === 'unscoped') continue;
        const [method, template] = route.split(' ') as [string, string];
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' && idFor[template]) || params[name]!) + ('query' in expectation && expectation.query ? `?${expectation.query}` : '');
        const given = 'body' in expectation ? expectation.body : undefined;
        const body = given && typeof given === 'object' && 'perCredential' in given ? (given as ReturnType<typeof perCredential>).perCredential(credential) : given;
        const answer = await (method === 'GET' ? client.get(path) : method === 'DELETE' ? client.delete(path) : method === 'PUT' ? client.put(path, body) : method === 'PATCH' ? client.patch(path, body) : client.post(path, body));
        const what = `${credential}: ${route}`;
        if (credential === 'API key' && template.startsWith('/v1/members')) {
          // People are managed by people: no API key may, so it never gets as far as A's members.
          expect({ what, status: answer.status }).toEqual({ what, status: 403 });
        } else if (expectation.kind === 'notFound') {
          expect({ what, status: answer.status }).toEqual({ what, status: 404 });
          expectProblem(answer, 404);
        } else {
          expect({ what, status: answer.status }).toEqual({ what, status: expectation.kind === 'createsOwn' ? expectation.status : 200 });
        }
        // An answer may echo the ids the caller sent (a 404 names what it did not find); nothing more of A's.
        const leaked = alphaIds.filter((id) => !path.includes(id) && JSON.stringify(answer.body ?? '').includes(id));
        expect({ what, leaked }).toEqual({ what, leaked: [] });
      }
    }

    // A's side is as it was: same journey, versions, enrolments, contact, keys, members and audit log.
    expect(await snapshot()).toEqual(before);
    expect((await httpClient(api.url, secondKey.body.key).get('/v1/journeys')).status).toBe(200);
    // B's operator, naming A's workspace, is refused outright; their account shows only B.
    expectProblem(await httpClient(api.url, b.sessionToken, { headers: { 'x-trellis-workspace': a.workspaceId } }).get(`/v1/journeys/${journeyId}`), 403);
    expect((await httpClient(api.url, b.sessionToken).get('/v1/auth/me')).body.workspaces).toEqual([{ id: b.workspaceId, role: 'admin' }]);
  });
});
