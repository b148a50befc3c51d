import { CountedStep } from '@trellis/journey';
import { splitOffer } from '@trellis/journey/dist/testing/journey-builder';
import { journeyStatsStore, runtimeModels, stepId } from '@trellis/runtime';
import { createWorkspace, httpClient } from '../test/harness';
import { BenchGroup } from './bench-case';
import { RuntimeStack } from './runtime-stack';

const dayMs = 86_400_000;
const start = Date.parse('2026-10-25T00:00:00Z');
/** Steps written per insert while the journey's log is generated. */
const chunk = 5_000;

/** One enrolment of the A/B journey as the worker logs it: in, split, an arm's wait, maybe the goal, out. */
function enrolment(index: number): CountedStep[] {
  const arm = index % 10 === 9 ? 'holdout' : index % 2 ? 'a' : 'b';
  const converts = index % 7 === 0;
  const steps: CountedStep[] = [
    { nodeId: 'joined', visit: 1, kind: 'entered' },
    { nodeId: 'split', visit: 1, kind: 'entered', from: { nodeId: 'joined', port: 'next' } },
    { nodeId: 'split', visit: 1, kind: 'completed', output: { experimentId: 'welcome-offer', arm, holdout: arm === 'holdout' } },
  ];
  if (arm === 'holdout') {
    if (converts) steps.push({ nodeId: 'split', visit: 1, kind: 'converted', output: { afterMs: 3_600_000 * (1 + (index % 48)), arms: { split: arm } } });
    steps.push({ nodeId: 'split', visit: 1, kind: 'exited', output: { reason: 'holdout' } });
    return steps;
  }
  steps.push({ nodeId: `wait-${arm}`, visit: 1, kind: 'entered', from: { nodeId: 'split', port: arm } });
  if (converts) steps.push({ nodeId: `wait-${arm}`, visit: 1, kind: 'converted', output: { afterMs: 3_600_000 * (1 + (index % 48)), arms: { split: arm } } });
  steps.push({ nodeId: 'done', visit: 1, kind: 'entered', from: { nodeId: `wait-${arm}`, port: 'next' } }, { nodeId: 'done', visit: 1, kind: 'exited', output: { reason: 'completed' } });
  return steps;
}

/**
 * `GET /v1/journeys/:id/stats` for a journey with a million logged steps (two versions, thirty
 * days), against a plain count of those step records on the same server: the stats come from
 * the day totals the worker keeps, so their cost does not grow with the log.
 */
export function statsGroup(options: { steps: number }): BenchGroup {
  let stack: RuntimeStack;
  let http: ReturnType<typeof httpClient>;
  let journeyId: string;
  let enrolments = 0;
  const latencies: number[] = [];

  return {
    name: 'stats',
    async setup() {
      stack = await RuntimeStack.start();
      const workspace = await createWorkspace(stack.api.url, 'stats', { retryUnavailable: true });
      http = workspace.client;
      const created = await http.post('/v1/journeys', splitOffer);
      journeyId = created.body.id;
      await http.post(`/v1/journeys/${journeyId}/publish`, { note: 'v1' });
      await http.put(`/v1/journeys/${journeyId}`, { ...splitOffer, name: 'Welcome offer A/B, v2' });
      await http.post(`/v1/journeys/${journeyId}/publish`, { note: 'v2' });

      // The log as the worker writes it (numbered steps), with its counts in the stats inbox. The
      // worker files each small batch on its own; here a chunk's enrolments are filed per version
      // and day, which leaves the same day totals for the reads timed below, in far less setup.
      const store = journeyStatsStore(runtimeModels(stack.mongo));
      const steps = stack.mongo.collection<{ _id: string }>('steps');
      let written = 0;
      let pending: { _id: string; [field: string]: unknown }[] = [];
      let counted = new Map<string, { batchId: string; version: number; at: Date; steps: CountedStep[] }>();
      const flush = async () => {
        if (pending.length) await steps.insertMany(pending, { ordered: false });
        await Promise.all([...counted.values()].map((batch) => store.collect({ ...batch, workspaceId: workspace.workspaceId, journeyId })));
        pending = [];
        counted = new Map();
      };
      while (written < options.steps) {
        const index = enrolments++;
        const workflowId = `bench-${index}`;
        const version = index % 3 === 0 ? 1 : 2;
        const at = new Date(start + (index % 30) * dayMs + (index % 86_400) * 1000);
        const path = enrolment(index);
        pending.push(...path.map((step, seq) => ({ _id: stepId(workflowId, seq), workspaceId: workspace.workspaceId, journeyId, workflowId, seq, ...step, at })));
        const key = `${version}:${index % 30}`;
        const batch = counted.get(key) ?? { batchId: stepId(workflowId, 0), version, at, steps: [] };
        batch.steps.push(...path);
        counted.set(key, batch);
        written += path.length;
        if (pending.length >= chunk) await flush();
      }
      await flush();
      // Folded once before timing (the worker folds in the background too).
      const first = await http.get(`/v1/journeys/${journeyId}/stats`);
      if (first.body.journey.enrolled !== enrolments) throw new Error(`stats counted ${first.body.journey.enrolled} enrolments of ${enrolments}`);
    },
    async teardown() {
      await stack?.stop();
    },
    cases: [
      {
        kind: 'throughput',
        name: `stats: GET /v1/journeys/:id/stats for a journey with ${options.steps.toLocaleString('en')} logged steps (2 versions, 30 days), 20 requests`,
        repeat: 3,
        subject: {
          name: 'GET …/stats ×20',
          async run() {
            for (let request = 0; request < 20; request++) {
              const began = performance.now();
              const answer = await http.get(`/v1/journeys/${journeyId}/stats${request % 2 ? '?version=2&from=2026-11-01' : ''}`);
              latencies.push(performance.now() - began);
              if (answer.status !== 200) throw new Error(`stats answered ${answer.status}`);
            }
            return { requests: 20 };
          },
        },
        baseline: {
          name: 'countDocuments of its steps',
          async run() {
            const count = await stack.mongo.collection('steps').countDocuments({ journeyId });
            if (count < options.steps) throw new Error(`counted ${count} steps`);
            return { counts: 1 };
          },
        },
        report() {
          const sorted = [...latencies].sort((a, b) => a - b);
          const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]!;
          return { 'stats request p50 (ms)': at(0.5), 'stats request p99 (ms)': at(0.99), 'stats requests timed': sorted.length, 'enrolments in the log': enrolments };
        },
      },
    ],
  };
}
