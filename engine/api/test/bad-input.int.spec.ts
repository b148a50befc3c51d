import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, expectProblem, httpClient, RunningApi, startApi, testAdminToken, testMongoUri } from '@trellis/devstack/test/harness';

const welcome = JSON.parse(readFileSync(join(__dirname, '../../../workflows/welcome-series.json'), 'utf8')) as {
  journey: { name: string; nodes: { id: string; type: string; config: Record<string, unknown> }[]; edges: unknown[] };
};

/**
 * Every bad request gets a 4xx application/problem+json body that says what to fix, and the
 * process keeps serving. Temporal is not needed here: it points at a closed port on purpose.
 */
describe('bad input', () => {
  let api: RunningApi;
  let client: ReturnType<typeof httpClient>;
  let journeyId: string;

  beforeAll(async () => {
    api = await startApi({ mongoUri: testMongoUri('bad_input'), temporalAddress: '127.0.0.1:1' });
    client = (await createWorkspace(api.url)).client;
    journeyId = (await client.post('/v1/journeys', welcome.journey)).body.id;
  });

  afterAll(async () => {
    await api?.close();
  });

  it.each([
    ['no API key', () => httpClient(api.url).get('/v1/journeys')],
    ['a malformed API key', () => httpClient(api.url, 'nope').get('/v1/journeys')],
    ['an unknown API key', () => httpClient(api.url, `trl_${'x'.repeat(43)}`).get('/v1/journeys')],
    ['a wrong admin token', () => httpClient(api.url, 'wrong-token-wrong-token').post('/v1/workspaces', { name: 'x' })],
  ])('401 for %s', async (_case, call) => {
    const result = await call();
    expectProblem(result, 401);
    expect(String(result.body.detail)).toMatch(/key|token/i);
  });

  it('names an unknown field', async () => {
    const result = await client.post('/v1/events', { userId: 'u', event: 'signed_up', colour: 'red' });
    expectProblem(result, 400);
    expect(result.body.errors).toEqual([expect.objectContaining({ code: 'unrecognized_keys', message: expect.stringContaining('colour') })]);
  });

  it('names a field of the wrong type', async () => {
    const result = await client.post('/v1/events', { userId: 42, event: 'signed_up' });
    expectProblem(result, 400);
    expect(result.body.errors).toEqual([expect.objectContaining({ path: 'userId' })]);
  });

  it('names a missing field and a bad timestamp together', async () => {
    const result = await client.post('/v1/events', { event: 'signed_up', timestamp: 'yesterday' });
    expectProblem(result, 400);
    const paths = (result.body.errors as { path: string }[]).map((error) => error.path).sort();
    expect(paths).toEqual(['timestamp', 'userId']);
  });

  it('rejects a body that is not JSON', async () => {
    const result = await client.postRaw('/v1/events', '{"userId": "u",');
    expectProblem(result, 400);
    expect(String(result.body.detail)).toMatch(/JSON/);
  });

  it('rejects a journey whose shape is wrong, pointing into the JSON', async () => {
    const result = await client.post('/v1/journeys', { name: 'x', nodes: [{ id: 'a b', type: 'exit' }], edges: 'none' });
    expectProblem(result, 400);
    const paths = (result.body.errors as { path: string }[]).map((error) => error.path).sort();
    expect(paths).toEqual(['edges', 'nodes.0.id']);
  });

  it('refuses to publish a broken graph, pinning every error on its node', async () => {
    const broken = {
      ...welcome.journey,
      nodes: welcome.journey.nodes.map((node) =>
        node.id === 'wait-3-days' ? { ...node, config: { amount: -1, unit: 'fortnights' } } : node,
      ).concat([{ id: 'stray', type: 'action.teleport', config: {} }]),
    };
    expect((await client.put(`/v1/journeys/${journeyId}`, broken)).status).toBe(200);

    const validated = await client.post(`/v1/journeys/${journeyId}/validate`);
    expect(validated.status).toBe(200);
    expect(validated.body.ok).toBe(false);

    const published = await client.post(`/v1/journeys/${journeyId}/publish`);
    expectProblem(published, 422);
    expect(published.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'invalid_config', nodeId: 'wait-3-days', path: 'amount' }),
        expect.objectContaining({ code: 'invalid_config', nodeId: 'wait-3-days', path: 'unit' }),
        expect.objectContaining({ code: 'unknown_node_type', nodeId: 'stray' }),
      ]),
    );
  });

  it('refuses to publish nodes the runtime cannot run yet', async () => {
    const draft = {
      name: 'not yet runnable',
      nodes: [
        { id: 'start', type: 'trigger.event', config: { event: 'checkout_started' } },
        { id: 'remind', type: 'action.group', config: { operation: 'invite', groupId: 'vip-group' } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'start', port: 'next', to: 'remind' },
        { from: 'remind', port: 'next', to: 'done' },
      ],
    };
    const created = await client.post('/v1/journeys', draft);
    const published = await client.post(`/v1/journeys/${created.body.id}/publish`);
    expectProblem(published, 422);
    expect(published.body.errors).toEqual([expect.objectContaining({ code: 'unknown_node_type', nodeId: 'remind' })]);
  });

  it('404s for ids that do not exist and 400s for ids that cannot', async () => {
    expectProblem(await client.get('/v1/journeys/0123456789abcdef01234567'), 404);
    const malformed = await client.get('/v1/journeys/not-an-id');
    expectProblem(malformed, 400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ path: 'param.id' })]);
    expectProblem(await client.get('/v1/contacts/nobody'), 404);
  });

  it('keeps the event and answers 503 when Temporal is unreachable, so a retry can finish it', async () => {
    const published = await client.put(`/v1/journeys/${journeyId}`, welcome.journey);
    expect(published.status).toBe(200);
    expect((await client.post(`/v1/journeys/${journeyId}/publish`)).status).toBe(200);

    const result = await client.post('/v1/events', { userId: 'carol', event: 'signed_up', messageId: 'carol-1' });
    expectProblem(result, 503);
    expect(result.headers['retry-after']).toBe('5');
    expect(String(result.body.detail)).toMatch(/same messageId/);
    const health = await httpClient(api.url).get('/v1/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', temporal: { ok: false }, mongo: { ok: true } });
  });

  it('rejects an admin request while workspace creation is configured on', async () => {
    const created = await httpClient(api.url, testAdminToken).post('/v1/workspaces', { name: '' });
    expectProblem(created, 400);
  });
});
