import { createWorkspace, httpClient } from '../test/harness';
import { BenchGroup } from './bench-case';
import { inParallel, RuntimeStack } from './runtime-stack';

/** Requests in flight at once: a few busy producers, each sending batches. */
const concurrency = 4;
/** Calls per batch, as Segment's server libraries flush them. */
const batchSize = 100;

/**
 * Ingestion through `POST /v1/batch` — each call validated, stored once per messageId, its
 * contact resolved and updated, and routed against the workspace's live journeys — against the
 * raw driver writing the same event documents with `insertMany`, on the same server.
 */
export function ingestGroup(options: { events: number }): BenchGroup {
  let stack: RuntimeStack;
  let http: ReturnType<typeof httpClient>;
  let workspaceId: string;
  let runs = 0;

  const batches = (run: number) =>
    Array.from({ length: Math.ceil(options.events / batchSize) }, (_, batch) =>
      Array.from({ length: batchSize }, (_, index) => {
        const n = batch * batchSize + index;
        // A tenth of the people come back within the run: most calls create a contact, some find one.
        const person = `reader-${run}-${n % 10 === 0 ? 0 : n}`;
        return { type: 'track', userId: person, event: 'Article Read', messageId: `ingest-${run}-${n}`, properties: { article: `a-${n % 50}`, seconds: n % 300 } };
      }),
    );

  return {
    name: 'ingest',
    async setup() {
      stack = await RuntimeStack.start();
      ({ client: http, workspaceId } = await createWorkspace(stack.api.url, 'ingest', { retryUnavailable: true }));
      // A live journey the events are routed against (its trigger is another event, so none enrols).
      const journey = await http.post('/v1/journeys', {
        name: 'welcome',
        nodes: [
          { id: 'joined', type: 'trigger.event', config: { event: 'Signed Up' } },
          { id: 'welcome', type: 'action.tag', config: { add: ['welcomed'] } },
          { id: 'done', type: 'exit', config: {} },
        ],
        edges: [
          { from: 'joined', port: 'next', to: 'welcome' },
          { from: 'welcome', port: 'next', to: 'done' },
        ],
      });
      if ((await http.post(`/v1/journeys/${journey.body.id}/publish`, { note: 'bench' })).status !== 200) throw new Error('journey not published');
    },
    async teardown() {
      await stack?.stop();
    },
    cases: [
      {
        kind: 'throughput',
        name: `ingest: ${options.events.toLocaleString('en')} events through POST /v1/batch (${batchSize} per call), stored, contact resolved, routed`,
        repeat: 3,
        subject: {
          name: 'POST /v1/batch',
          async run() {
            const run = runs++;
            await inParallel(batches(run), concurrency, async (batch) => {
              const answer = await http.post('/v1/batch', { batch });
              if (answer.status !== 200 || answer.body.accepted !== batch.length) throw new Error(`batch not accepted: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
            });
            return { events: options.events };
          },
        },
        baseline: {
          name: 'driver insertMany',
          async run() {
            const run = runs++;
            const receivedAt = new Date();
            const collection = stack.mongo.collection('bench_raw_events');
            await inParallel(batches(run), concurrency, async (batch) => {
              await collection.insertMany(
                batch.map((call) => ({ workspaceId, messageId: call.messageId, name: call.event, userId: call.userId, properties: call.properties, timestamp: receivedAt, receivedAt })),
                { ordered: false },
              );
            });
            return { events: options.events };
          },
        },
      },
    ],
  };
}
