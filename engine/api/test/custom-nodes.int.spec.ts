import { createWorkspace } from '@trellis/devstack/test/harness';
import { JourneyStack, publishJourney, startJourneyStack } from '@trellis/devstack/test/journey-stack';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A node that fails its first attempt and succeeds on the retry its own `retry` allows. Written
 * into a folder as an engineer would; the attempts are counted in the process, which runs both
 * the API and the worker here.
 */
const flakyNode = `
import { defineNode } from '@trellis/nodes';
import { z } from 'zod';

const attempts = new Map<string, number>();

export default defineNode({
  type: 'acme.flaky',
  title: 'Flaky greeting',
  description: 'Greets the contact, once its service is up.',
  icon: 'star',
  config: z.strictObject({ greeting: z.string().min(1).describe('What to say.') }),
  ports: ['next'],
  timeout: { amount: 7, unit: 'seconds' },
  retry: { maxAttempts: 3, initialInterval: 50, maximumInterval: { amount: 1, unit: 'seconds' } },
  async execute(config, { contactId, idempotencyKey }) {
    const attempt = (attempts.get(idempotencyKey) ?? 0) + 1;
    attempts.set(idempotencyKey, attempt);
    if (attempt === 1) throw new Error('greeting service busy');
    return { output: { said: config.greeting, to: contactId, attempt } };
  },
});
`;

describe('a custom node dropped into TRELLIS_NODES_DIR', () => {
  let stack: JourneyStack;
  let dir: string;

  beforeAll(async () => {
    // Inside the repository, so the file resolves @trellis/nodes and zod under Jest's resolver.
    dir = mkdtempSync(join(__dirname, '../.custom-nodes-int-'));
    writeFileSync(join(dir, 'flaky.node.ts'), flakyNode);
    writeFileSync(join(dir, 'broken.node.ts'), "throw new Error('GREETING_API_KEY is not set');\n");
    stack = await startJourneyStack('custom_nodes', { nodesDir: dir });
  });

  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is served by GET /v1/nodes next to the built-in nodes, the broken one left out', async () => {
    const { client } = await createWorkspace(stack.api.url);
    const { body } = await client.get('/v1/nodes');
    const types = body.nodes.map((node: { type: string }) => node.type);
    expect(types).toEqual(expect.arrayContaining(['acme.flaky', 'action.tag', 'action.webhook', 'trigger.event']));
    expect(body.nodes.find((node: { type: string }) => node.type === 'acme.flaky')).toEqual({
      type: 'acme.flaky',
      category: 'action',
      title: 'Flaky greeting',
      description: 'Greets the contact, once its service is up.',
      icon: 'star',
      ports: ['next'],
      configSchema: expect.objectContaining({ type: 'object', required: ['greeting'], properties: { greeting: expect.objectContaining({ type: 'string', description: 'What to say.' }) } }),
    });
  });

  it('runs in a journey under Temporal with its declared timeout and retry', async () => {
    const { client } = await createWorkspace(stack.api.url);
    const invalid = await client.post('/v1/journeys', journey(''));
    const invalidId = invalid.body.id as string;
    expect((await client.post(`/v1/journeys/${invalidId}/publish`)).status).toBe(422);

    await publishJourney(client, journey('你好'));
    const tracked = await client.post('/v1/events', { userId: 'alice', event: 'signed_up', messageId: 'alice-1' });
    const { workflowId } = tracked.body.enrolled[0];
    const handle = stack.env.client.workflow.getHandle(workflowId);
    await handle.result();

    const steps = await stack.mongo.collection('steps').find({ workflowId }).sort({ at: 1, seq: 1 }).toArray();
    expect(steps.map((step) => `${step.kind}:${step.nodeId}`)).toEqual(['entered:signed-up', 'entered:greet', 'completed:greet', 'entered:done', 'exited:done']);
    expect(steps.find((step) => step.kind === 'completed')?.output).toEqual({ said: '你好', to: tracked.body.contactId, attempt: 2 });

    const history = await handle.fetchHistory();
    const scheduled = history.events!.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'runAction')!.activityTaskScheduledEventAttributes!;
    expect(Number(scheduled.startToCloseTimeout!.seconds)).toBe(7);
    expect(scheduled.retryPolicy).toMatchObject({ maximumAttempts: 3, backoffCoefficient: 2 });
    expect(Number(scheduled.retryPolicy!.initialInterval!.nanos)).toBe(50_000_000);
    const started = history.events!.find((event) => event.activityTaskStartedEventAttributes)!.activityTaskStartedEventAttributes!;
    expect(started.attempt).toBe(2);
  });
});

function journey(greeting: string) {
  return {
    name: 'Custom greeting',
    nodes: [
      { id: 'signed-up', type: 'trigger.event', config: { event: 'signed_up' } },
      { id: 'greet', type: 'acme.flaky', config: { greeting } },
      { id: 'done', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'signed-up', port: 'next', to: 'greet' },
      { from: 'greet', port: 'next', to: 'done' },
    ],
  };
}
