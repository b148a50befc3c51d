import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createWorkspace, eventually, expectProblem, startApiAlone, workerProcess } from '@trellis/devstack/test/harness';

/** action.webhook through the real worker: a partner API on this machine, reached only once the workspace allow-lists it. */
describe('webhooks: journeys call HTTP services, inside the network only where the workspace allows', () => {
  let stack: Awaited<ReturnType<typeof startApiAlone>>;
  let partner: Server;
  let port: number;
  const calls: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    stack = await startApiAlone('webhooks');
    await stack.temporal.supervisor.start(workerProcess({ mongoUri: stack.mongoUri, temporalAddress: stack.temporal.address, taskQueue: 'webhooks' }));
    partner = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        calls.push({ url: request.url!, headers: request.headers, body });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { code: 'TEA-42' } }));
      });
    });
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    port = (partner.address() as AddressInfo).port;
  }, 180_000);

  afterAll(async () => {
    partner?.closeAllConnections();
    await new Promise((resolve) => partner?.close(resolve));
    await stack?.stop();
  });

  const couponJourney = (url: string) => ({
    name: 'issue a coupon',
    nodes: [
      { id: 'joined', type: 'trigger.event', config: { event: 'signed_up' } },
      { id: 'coupon', type: 'action.webhook', config: { url, body: '{"campaign":"welcome"}', saveResponse: { coupon: 'data.code' } } },
      { id: 'done', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'joined', port: 'next', to: 'coupon' },
      { from: 'coupon', port: 'next', to: 'done' },
    ],
  });

  it('calls an allow-listed intranet service once and saves its answer on the contact; refuses one that is not', async () => {
    const { client } = await createWorkspace(stack.api.url);
    const url = `http://127.0.0.1:${port}/coupons`;
    const created = await client.post('/v1/journeys', couponJourney(url));
    expect((await client.post(`/v1/journeys/${created.body.id}/publish`)).status).toBe(200);

    // Not allow-listed: the loopback address is refused at once, without retries, and the enrolment fails saying so.
    const refused = await client.post('/v1/events', { userId: 'mei', event: 'signed_up' });
    const failed = await eventually('the refused enrolment to fail', async () => {
      const listed = (await client.get(`/v1/journeys/${created.body.id}/enrollments`)).body.enrollments;
      return listed.find((enrollment: { workflowId: string; status: string }) => enrollment.workflowId === refused.body.enrolled[0].workflowId && enrollment.status === 'failed');
    });
    expect(failed).toBeDefined();
    expect(calls).toHaveLength(0);

    expectProblem(await client.patch('/v1/workspaces/current', { webhookAllowedHosts: ['http://127.0.0.1'] }), 400);
    expect((await client.patch('/v1/workspaces/current', { webhookAllowedHosts: ['127.0.0.1'] })).body).toMatchObject({ webhookAllowedHosts: ['127.0.0.1'] });
    await client.post('/v1/events', { userId: 'lei', event: 'signed_up' });
    const contact = await eventually('the coupon saved on the contact', async () => {
      const found = (await client.get('/v1/contacts/lei')).body;
      return found.traits?.coupon ? found : undefined;
    });
    expect(contact.traits.coupon).toBe('TEA-42');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: '/coupons', body: '{"campaign":"welcome"}', headers: { 'idempotency-key': expect.stringMatching(/\/coupon\/1$/) } });
  });
});
