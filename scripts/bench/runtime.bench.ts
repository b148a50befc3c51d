import { waitForPurchase } from '@trellis/journey/dist/testing/journey-builder';
import { createWorkspace, httpClient } from '../test/harness';
import { BenchGroup } from './bench-case';
import { bareTaskQueue, inParallel, RuntimeStack, until } from './runtime-stack';
import { pokeSignal } from './trivial.workflow';

/** Requests in flight at once, as a busy front-end sends them. */
const concurrency = 16;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * The durable runtime under load, each measured against bare Temporal on the same server in the
 * same run: enrolment throughput through the full path, routing events into many waiting
 * enrolments (with end-to-end latency), and what those waiting enrolments cost to hold.
 */
export function runtimeGroup(options: { enrolments: number; waiting: number; routed: number; oneByOne: number }): BenchGroup {
  let stack: RuntimeStack;
  let http: ReturnType<typeof httpClient>;
  let waitJourney: string;
  const waitingWorkflow = new Map<string, string>();
  let storagePerWaiting = 0;
  let rssWithWaiting = 0;
  const latencies: number[] = [];
  let runs = 0;
  let routedSoFar = 0;
  let bareWaiting: string[] = [];
  const commandsPer = { enrolment: 0, routedEvent: 0 };

  /**
   * FerretDB reads and writes per unit of work while `work` ran (the benchmark's own polling
   * counts documents, so counts are left out).
   */
  async function commandsPerUnit(units: number, work: () => Promise<void>): Promise<number> {
    const counted = new Set(['find', 'getMore', 'insert', 'update', 'delete', 'findAndModify']);
    const total = async () => [...(await stack.ferretdbCommands())].reduce((sum, [command, count]) => sum + (counted.has(command) ? count : 0), 0);
    const before = await total();
    await work();
    return Math.round(((await total()) - before) / units * 10) / 10;
  }

  const post = (path: string, body: unknown) => http.post(path, body);
  const steps = () => stack.mongo.collection('steps');

  async function publish(definition: unknown): Promise<string> {
    const created = await post('/v1/journeys', definition);
    if (created.status !== 201) throw new Error(`journey not created: ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    const published = await post(`/v1/journeys/${id}/publish`, { note: 'bench' });
    if (published.status !== 200) throw new Error(`journey not published: ${JSON.stringify(published.body)}`);
    return id;
  }

  /** The next waiting shoppers, each taken once: a paid order ends their enrolment. */
  function nextPayers(count: number): string[] {
    const payers = [...waitingWorkflow.keys()].slice(routedSoFar, routedSoFar + count);
    routedSoFar += payers.length;
    return payers;
  }

  async function pay(userId: string, sentAt: Map<string, number>): Promise<void> {
    sentAt.set(waitingWorkflow.get(userId)!, Date.now());
    const answer = await post('/v1/events', { userId, event: 'order_paid', messageId: `${userId}-paid`, properties: { amount: 99 } });
    if (answer.status !== 202 || (answer.body.signalled as string[]).length !== 1) throw new Error(`not routed: ${JSON.stringify(answer.body)}`);
  }

  /** Milliseconds from each POST to its tag action's logged completion. */
  async function latenciesOf(sentAt: Map<string, number>): Promise<number[]> {
    const done = await steps().find({ journeyId: waitJourney, nodeId: 'thank', kind: 'completed' }, { projection: { workflowId: 1, at: 1 } }).toArray();
    const at = new Map(done.map((step) => [step.workflowId as string, (step.at as Date).getTime()]));
    return [...sentAt].map(([workflowId, sent]) => at.get(workflowId)! - sent);
  }

  const result = (workflowId: string) => stack.temporal.workflow.getHandle(workflowId).result();

  return {
    name: 'runtime',
    async setup() {
      stack = await RuntimeStack.start();
      // Under load the embedded database answers some writes with 503; a real client sends them again.
      ({ client: http } = await createWorkspace(stack.api.url, 'bench', { retryUnavailable: true }));
      await publish({
        name: 'welcome tag',
        nodes: [
          { id: 'joined', type: 'trigger.event', config: { event: 'joined' } },
          { id: 'welcome', type: 'action.tag', config: { add: ['welcomed'] } },
          { id: 'done', type: 'exit', config: {} },
        ],
        edges: [
          { from: 'joined', port: 'next', to: 'welcome' },
          { from: 'welcome', port: 'next', to: 'done' },
        ],
      });
      waitJourney = await publish(waitForPurchase);
      // The routing case needs its waiting contacts before it is timed.
      const before = stack.temporalStorageBytes();
      const shoppers = Array.from({ length: options.waiting }, (_, index) => `shopper-${index}`);
      const started = Date.now();
      await inParallel(shoppers, concurrency, async (userId) => {
        const answer = await post('/v1/events', { userId, event: 'checkout_started', messageId: `${userId}-checkout` });
        const enrolled = (answer.body.enrolled as { workflowId: string }[] | undefined)?.[0];
        if (answer.status !== 202 || !enrolled) throw new Error(`not enrolled: ${answer.status} ${JSON.stringify(answer.body)}`);
        waitingWorkflow.set(userId, enrolled.workflowId);
      });
      await until('every shopper waiting', async () => (await steps().countDocuments({ journeyId: waitJourney, nodeId: 'paid', kind: 'entered' })) >= options.waiting);
      console.log(`  (set-up: ${options.waiting.toLocaleString('en')} enrolments waiting for an order in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
      storagePerWaiting = (stack.temporalStorageBytes() - before) / options.waiting;
      rssWithWaiting = stack.workerRssMb();
    },
    async teardown() {
      await stack?.stop();
    },
    cases: [
      {
        kind: 'throughput',
        name: `runtime: ${options.enrolments} enrolments, event → workflow → action → steps logged → completed`,
        repeat: 3,
        subject: {
          name: 'POST /v1/events → tag',
          async run() {
            const run = runs++;
            const users = Array.from({ length: options.enrolments }, (_, index) => `joiner-${run}-${index}`);
            const enrolled: string[] = [];
            commandsPer.enrolment = await commandsPerUnit(users.length, async () => {
              await inParallel(users, concurrency, async (userId) => {
                const answer = await post('/v1/events', { userId, event: 'joined', messageId: `${userId}-joined` });
                const workflowId = (answer.body.enrolled as { workflowId: string }[] | undefined)?.[0]?.workflowId;
                if (answer.status !== 202 || !workflowId) throw new Error(`not enrolled: ${answer.status} ${JSON.stringify(answer.body)}`);
                enrolled.push(workflowId);
              });
              // Like the baseline, wait for the workflows to finish: an enrolment ends only after its steps are written.
              await Promise.all(enrolled.map((workflowId) => stack.temporal.workflow.getHandle(workflowId).result()));
            });
            return { enrolments: users.length };
          },
        },
        baseline: {
          name: 'bare Temporal start → done',
          async run() {
            const ids = Array.from({ length: options.enrolments }, (_, index) => `bare-${Date.now()}-${index}`);
            await inParallel(ids, concurrency, async (workflowId) => {
              await stack.temporal.workflow.start('trivialWorkflow', { taskQueue: bareTaskQueue, workflowId });
            });
            await Promise.all(ids.map((workflowId) => stack.temporal.workflow.getHandle(workflowId).result()));
            return { workflows: ids.length };
          },
        },
        report: () => ({ 'FerretDB commands per enrolment': commandsPer.enrolment }),
      },
      {
        kind: 'throughput',
        name: `runtime: ${options.routed} events routed into ${options.waiting.toLocaleString('en')} waiting enrolments → action done`,
        repeat: 3,
        subject: {
          name: 'POST /v1/events → signal → tag',
          async run() {
            const payers = nextPayers(options.routed);
            const sentAt = new Map<string, number>();
            commandsPer.routedEvent = await commandsPerUnit(payers.length, async () => {
              await inParallel(payers, concurrency, (userId) => pay(userId, sentAt));
              await Promise.all([...sentAt.keys()].map(result));
            });
            latencies.push(...(await latenciesOf(sentAt)));
            return { events: payers.length };
          },
        },
        baseline: {
          name: 'bare Temporal signal → done',
          async run() {
            if (!bareWaiting.length) {
              bareWaiting = Array.from({ length: options.routed * 3 }, (_, index) => `bare-waiting-${Date.now()}-${index}`);
              await inParallel(bareWaiting, concurrency, async (workflowId) => {
                await stack.temporal.workflow.start('waitForPokeWorkflow', { taskQueue: bareTaskQueue, workflowId });
              });
            }
            const batch = bareWaiting.splice(0, options.routed);
            await inParallel(batch, concurrency, async (workflowId) => {
              await stack.temporal.workflow.getHandle(workflowId).signal(pokeSignal);
            });
            await Promise.all(batch.map((workflowId) => stack.temporal.workflow.getHandle(workflowId).result()));
            return { signals: batch.length };
          },
        },
        report() {
          const sorted = [...latencies].sort((a, b) => a - b);
          return { 'latency at saturation p50 ms': percentile(sorted, 50), 'latency at saturation p99 ms': percentile(sorted, 99), 'FerretDB commands per event': commandsPer.routedEvent };
        },
      },
      {
        kind: 'measure',
        name: `runtime: ${options.oneByOne} events one at a time into ${options.waiting.toLocaleString('en')} waiting enrolments, latency → action done`,
        async run() {
          // The throughput case measures latency at saturation, mostly queueing; this is the path's own.
          const sentAt = new Map<string, number>();
          for (const userId of nextPayers(options.oneByOne)) {
            await pay(userId, sentAt);
            await result(waitingWorkflow.get(userId)!);
          }
          const bare = Array.from({ length: sentAt.size }, (_, index) => `bare-alone-${Date.now()}-${index}`);
          await inParallel(bare, concurrency, async (workflowId) => {
            await stack.temporal.workflow.start('waitForPokeWorkflow', { taskQueue: bareTaskQueue, workflowId });
          });
          const bareTimes: number[] = [];
          for (const workflowId of bare) {
            const started = Date.now();
            await stack.temporal.workflow.getHandle(workflowId).signal(pokeSignal);
            await result(workflowId);
            bareTimes.push(Date.now() - started);
          }
          const sorted = (await latenciesOf(sentAt)).sort((a, b) => a - b);
          bareTimes.sort((a, b) => a - b);
          return {
            'latency p50 ms': percentile(sorted, 50),
            'latency p99 ms': percentile(sorted, 99),
            'bare signal → done p50 ms': percentile(bareTimes, 50),
            'bare signal → done p99 ms': percentile(bareTimes, 99),
          };
        },
      },
      {
        kind: 'measure',
        name: `runtime: footprint of ${options.waiting.toLocaleString('en')} waiting enrolments`,
        async run() {
          return {
            'worker RSS MB (after set-up)': rssWithWaiting,
            'worker RSS MB (now)': stack.workerRssMb(),
            'Temporal storage KB per waiting enrolment': Math.round(storagePerWaiting / 102.4) / 10,
          };
        },
      },
    ],
  };
}
