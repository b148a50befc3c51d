import { createWorkspace, httpClient, RunningApi, startApi, testMongoUri } from '@trellis/devstack/test/harness';

describe('node catalogue and OpenAPI document', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ mongoUri: testMongoUri('catalogue'), temporalAddress: '127.0.0.1:1' });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('serves every node type with its ports and config JSON Schema', async () => {
    const { client } = await createWorkspace(api.url);
    const result = await client.get('/v1/nodes');
    expect(result.status).toBe(200);
    const byType = Object.fromEntries((result.body.nodes as { type: string }[]).map((node) => [node.type, node]));
    expect(Object.keys(byType).sort()).toEqual([
      'action.handoff',
      'action.message',
      'action.tag',
      'action.update',
      'action.webhook',
      'branch.condition',
      'branch.split',
      'exit',
      'trigger.event',
      'trigger.schedule',
      'trigger.segment',
      'wait.condition',
      'wait.delay',
      'wait.event',
      'wait.until',
    ]);
    // Ports that follow the config are declared as data the editor evaluates.
    expect(byType['branch.split']).toMatchObject({ category: 'branch', ports: { fromList: 'arms', key: 'id', skipWhen: 'holdout' } });
    expect(byType['action.message']).toMatchObject({ ports: { ifSet: 'splitOnOutcome', then: ['sent', 'notSent'], otherwise: ['next'] } });
    expect(result.body.settingsSchema).toMatchObject({ type: 'object', properties: { reentry: expect.any(Object), goal: expect.any(Object), exitCriteria: expect.any(Object) } });
    expect(byType['action.tag']).toMatchObject({
      category: 'action',
      ports: ['next'],
      configSchema: { type: 'object', properties: { add: { type: 'array' }, remove: { type: 'array' } } },
    });
  });

  it('publishes an OpenAPI document whose request bodies come from the zod schemas', async () => {
    const result = await httpClient(api.url).get('/docs/openapi.json');
    expect(result.status).toBe(200);
    expect(Object.keys(result.body.paths)).toEqual(
      expect.arrayContaining(['/v1/health', '/v1/workspaces', '/v1/journeys', '/v1/journeys/{id}/publish', '/v1/events', '/v1/nodes']),
    );
    const eventBody = result.body.paths['/v1/events'].post.requestBody.content['application/json'].schema;
    expect(eventBody).toMatchObject({ type: 'object', required: expect.arrayContaining(['userId', 'event']) });
    // Every operation documents its problem+json answers against one schema; a path with an id, its 404.
    const problem = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    expect(result.body.paths['/v1/journeys/{id}/publish'].post.responses).toMatchObject({ '401': problem, '403': problem, '404': problem, '429': problem, '503': problem });
    expect(result.body.paths['/v1/events'].post.responses['404']).toBeUndefined();
    expect(result.body.components.schemas.Problem).toMatchObject({ type: 'object', required: expect.arrayContaining(['type', 'title', 'status']) });
  });
});
