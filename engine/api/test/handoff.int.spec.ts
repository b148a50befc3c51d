import { createWorkspace, eventually, expectProblem, httpClient } from '@trellis/devstack/test/harness';
import { JourneyStack, publishJourney, startJourneyStack } from '@trellis/devstack/test/journey-stack';
import { SmtpSink, startSmtpSink } from '@trellis/devstack/test/smtp-sink';

const hourMs = 3600_000;

interface TaskView {
  id: string;
  status: string;
  priority: string;
  queue: string;
  due: { firstResponseBy: string; resolveBy: string };
  createdAt: string;
  escalations: { kind: string; priority: string }[];
  firstResponseAt: string | null;
  assignee: { name: string } | null;
}

/**
 * Hand-offs through the real worker, API and time-skipping Temporal: a journey opens a case for
 * a staff queue and waits for it; marketing holds back while it is open; a missed first-response
 * promise escalates it on a durable timer; the inbox claims, answers and resolves it.
 */
describe('hand-off: a case for people, with SLA timers in Temporal, that holds marketing back', () => {
  let stack: JourneyStack;
  let env: JourneyStack['env'];
  let api: JourneyStack['api'];
  let smtp: SmtpSink;

  beforeAll(async () => {
    stack = await startJourneyStack('handoff');
    ({ env, api } = stack);
    smtp = await startSmtpSink();
  });

  afterAll(async () => {
    await smtp?.close();
    await stack?.close();
  });


  it('opens a case, escalates a missed first response, holds promos back until it is resolved, then lets the journey go on', async () => {
    const { client } = await createWorkspace(api.url);
    await client.patch('/v1/workspaces/current', { webhookAllowedHosts: ['127.0.0.1'] });
    await client.put('/v1/channels/email', { host: '127.0.0.1', port: smtp.port, from: 'Tea House <hi@tea.example>' });
    await client.post('/v1/message-templates', { key: 'promo', name: 'Promo', bodies: { email: { subject: 'Half price', html: '<p>Half price today.</p>' } } });
    await publishJourney(client, {
      name: 'Complaint care',
      nodes: [
        { id: 'in', type: 'trigger.event', config: { event: 'complained' } },
        {
          id: 'care',
          type: 'action.handoff',
          config: {
            title: 'Call about the complaint',
            queue: 'care',
            priority: 'high',
            sla: { firstResponse: { amount: 1, unit: 'hours' }, resolution: { amount: 1, unit: 'days' } },
            waitForResolution: { timeout: { amount: 3, unit: 'days' } },
          },
        },
        { id: 'cared', type: 'action.tag', config: { add: ['cared'] } },
        { id: 'forgotten', type: 'action.tag', config: { add: ['forgotten'] } },
        { id: 'out', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'in', port: 'next', to: 'care' },
        { from: 'care', port: 'resolved', to: 'cared' },
        { from: 'care', port: 'timedOut', to: 'forgotten' },
        { from: 'cared', port: 'next', to: 'out' },
        { from: 'forgotten', port: 'next', to: 'out' },
      ],
    });
    for (const [name, event] of [
      ['Promo', 'promo_time'],
      ['Weekend promo', 'weekend'],
    ]) {
      await publishJourney(client, {
        name,
        nodes: [
          { id: 'in', type: 'trigger.event', config: { event } },
          { id: 'send', type: 'action.message', config: { channel: 'email', template: 'promo', category: 'promo' } },
          { id: 'out', type: 'exit', config: {} },
        ],
        edges: [
          { from: 'in', port: 'next', to: 'send' },
          { from: 'send', port: 'next', to: 'out' },
        ],
      });
    }
    await client.post('/v1/contacts', { userId: 'mei', email: 'mei@tea.example' });

    const complained = await client.post('/v1/events', { userId: 'mei', event: 'complained' });
    const [task] = await eventually('the case in the inbox', async () => {
      const listed: TaskView[] = (await client.get('/v1/tasks?status=open&queue=care')).body.tasks;
      return listed.length ? listed : undefined;
    });
    expect(task).toMatchObject({ status: 'open', priority: 'high', queue: 'care', escalations: [], assignee: null });
    expect(Date.parse(task!.due.firstResponseBy) - Date.parse(task!.createdAt)).toBe(hourMs);
    expect(Date.parse(task!.due.resolveBy) - Date.parse(task!.createdAt)).toBe(24 * hourMs);
    expect((await client.get('/v1/contacts/mei')).body.openHandoffs).toBe(1);

    // While the case is open, marketing from every journey holds back.
    const promo = await client.post('/v1/events', { userId: 'mei', event: 'promo_time' });
    await env.client.workflow.getHandle(promo.body.enrolled[0].workflowId).result();
    expect((await client.get('/v1/contacts/mei/timeline')).body.messages.map((message: { status: string; reason: string }) => [message.status, message.reason])).toEqual([['skipped', 'handoff_open']]);
    expect(smtp.received).toHaveLength(0);

    // Nobody answers within the hour: the durable timer escalates the case, raising its priority.
    await env.sleep(hourMs + 1000);
    const escalated = await eventually('the case escalated', async () => {
      const found: TaskView = (await client.get(`/v1/tasks/${task!.id}`)).body;
      return found.escalations.length ? found : undefined;
    });
    expect(escalated).toMatchObject({ priority: 'urgent', escalations: [{ kind: 'first_response', priority: 'urgent' }] });

    // The inbox: claim (a colleague cannot take it then), answer, resolve.
    const colleague = httpClient(api.url, (await client.post('/v1/api-keys', { name: 'colleague', scope: 'admin' })).body.key as string);
    expect((await client.post(`/v1/tasks/${task!.id}/claim`)).body).toMatchObject({ status: 'claimed', assignee: { name: expect.any(String) } });
    expectProblem(await colleague.post(`/v1/tasks/${task!.id}/claim`), 409);
    expectProblem(await client.post(`/v1/tasks/${task!.id}/respond`, { text: '' }), 400);
    const answered = await client.post(`/v1/tasks/${task!.id}/respond`, { text: '已致电，客户接受退款' });
    expect(answered.body.firstResponseAt).not.toBeNull();
    await client.post(`/v1/tasks/${task!.id}/notes`, { text: 'VIP, handle with care' });
    const resolved = await client.post(`/v1/tasks/${task!.id}/resolve`, { resolution: 'refunded' });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'refunded', notes: [{ kind: 'response' }, { kind: 'note' }] });
    expectProblem(await client.post(`/v1/tasks/${task!.id}/resolve`, { resolution: 'again' }), 409);
    expect((await client.get('/v1/contacts/mei')).body.openHandoffs).toBe(0);

    // The journey waiting on the case goes on its "resolved" path; the SLA timers end.
    await env.client.workflow.getHandle(complained.body.enrolled[0].workflowId).result();
    expect((await client.get('/v1/contacts/mei')).body.tags).toEqual(['cared']);
    await env.client.workflow.getHandle(`task:${(await client.get('/v1/workspaces/current')).body.id}:${task!.id}`).result();
    expect((await client.get(`/v1/tasks/${task!.id}`)).body.escalations).toHaveLength(1);

    // Marketing reaches the contact again.
    const again = await client.post('/v1/events', { userId: 'mei', event: 'weekend' });
    await env.client.workflow.getHandle(again.body.enrolled[0].workflowId).result();
    expect(smtp.received).toHaveLength(1);

    expectProblem(await client.get('/v1/tasks/0123456789abcdef01234567'), 404);
    expectProblem(await client.get('/v1/tasks/not-an-id'), 400);
  });
});
