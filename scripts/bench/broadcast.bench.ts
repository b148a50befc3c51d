import { createWorkspace, eventually, httpClient } from '../test/harness';
import { BenchGroup } from './bench-case';
import { bareTaskQueue, inParallel, RuntimeStack } from './runtime-stack';

/** Bare starts in flight at once: as many as a broadcast chunk enrols at once. */
const concurrency = 16;

/**
 * A scheduled journey firing for a segment: the audience frozen, then every member enrolled (entry
 * rules checked, enrolment recorded, its workflow started) chunk by chunk — against bare Temporal
 * starting the same number of trivial workflows on the same server.
 */
export function broadcastGroup(options: { contacts: number }): BenchGroup {
  let stack: RuntimeStack;
  let http: ReturnType<typeof httpClient>;
  let runs = 0;

  return {
    name: 'broadcast',
    async setup() {
      stack = await RuntimeStack.start();
      const workspace = await createWorkspace(stack.api.url, 'broadcast', { retryUnavailable: true });
      http = workspace.client;
      const rows = Array.from({ length: options.contacts }, (_, index) => `member-${index},member,${index % 2 ? 'Asia/Shanghai' : 'Asia/Tokyo'}`);
      const job = await http.post('/v1/contact-imports', { mapping: { columns: { id: 'userId', tags: 'tags', tz: 'timezone' } } });
      const uploaded = await fetch(`${stack.api.url}/v1/contact-imports/${job.body.id}/file`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${workspace.apiKey}`, 'content-type': 'text/csv' },
        body: `id,tags,tz\n${rows.join('\n')}\n`,
      });
      if (uploaded.status !== 202) throw new Error(`import refused: ${uploaded.status}`);
      await eventually('contacts imported', async () => (await http.get(`/v1/contact-imports/${job.body.id}`)).body.status === 'completed', 600_000, 500);
      const segment = await http.post('/v1/segments', { key: 'members', name: 'Members', rule: { kind: 'tags', op: 'has', tags: ['member'] } });
      if (segment.status !== 201) throw new Error(`segment not created: ${segment.status}`);
    },
    async teardown() {
      await stack?.stop();
    },
    cases: [
      {
        kind: 'throughput',
        name: `broadcast: a ${options.contacts.toLocaleString('en')}-contact segment enrolled by a scheduled journey's firing`,
        repeat: 1,
        subject: {
          name: 'firing → every member enrolled',
          async run() {
            const journey = await http.post('/v1/journeys', {
              name: `weekly ${runs++}`,
              nodes: [
                { id: 'monday', type: 'trigger.schedule', config: { schedule: { kind: 'cron', cron: '0 8 * * 1', timezone: 'Asia/Shanghai' }, segment: 'members' } },
                { id: 'mark', type: 'action.tag', config: { add: ['weekly'] } },
                { id: 'done', type: 'exit', config: {} },
              ],
              edges: [
                { from: 'monday', port: 'next', to: 'mark' },
                { from: 'mark', port: 'next', to: 'done' },
              ],
            });
            const journeyId = journey.body.id as string;
            if ((await http.post(`/v1/journeys/${journeyId}/publish`)).status !== 200) throw new Error('journey not published');
            if ((await http.post(`/v1/journeys/${journeyId}/broadcasts`)).status !== 202) throw new Error('broadcast not fired');
            const done = await eventually(
              'the broadcast finished',
              async () => {
                const [latest] = (await http.get(`/v1/journeys/${journeyId}/broadcasts`)).body.broadcasts;
                return latest && latest.status !== 'running' ? latest : undefined;
              },
              3_600_000,
              250,
            );
            if (done.status !== 'completed' || done.enrolled !== options.contacts) throw new Error(`broadcast did not enrol everyone: ${JSON.stringify(done)}`);
            return { contacts: options.contacts };
          },
        },
        baseline: {
          name: 'bare Temporal starts',
          async run() {
            const ids = Array.from({ length: options.contacts }, (_, index) => `bare-broadcast-${Date.now()}-${index}`);
            await inParallel(ids, concurrency, async (workflowId) => {
              await stack.temporal.workflow.start('trivialWorkflow', { taskQueue: bareTaskQueue, workflowId });
            });
            return { workflows: ids.length };
          },
        },
      },
    ],
  };
}
