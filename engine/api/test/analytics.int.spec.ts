import { countTimelines, JourneyStats, journeyStats, simulate, simulationScript, TimelineEntry } from '@trellis/journey';
import { compileOrThrow, splitOffer } from '@trellis/journey/dist/testing/journey-builder';
import { createNodeCatalogue } from '@trellis/nodes';
import { createHash } from 'node:crypto';
import { createWorkspace, eventually, expectProblem, inParallel } from '@trellis/devstack/test/harness';
import { JourneyStack, publishJourney, startJourneyStack } from '@trellis/devstack/test/journey-stack';

/** The 2,000; `TRELLIS_AB_CONTACTS` for a quicker look. */
const contacts = Number(process.env.TRELLIS_AB_CONTACTS ?? 2000);
const concurrency = 24;
/** Known conversion: arm b converts at twice arm a's rate; the holdout as a does. */
const rates: Record<string, number> = { a: 0.1, b: 0.2, holdout: 0.1 };
const dayMs = 86_400_000;

/** A number in [0, 1) fixed for each contact, so who converts is the same in the simulation and for real. */
const unit = (id: string) => createHash('sha256').update(`convert:${id}`).digest().readUInt32BE(0) / 2 ** 32;

/** Everything the two runs must agree on exactly (the time to convert follows each run's clock). */
function countsOf(stats: JourneyStats) {
  const { timeToConvert: _timeToConvert, ...journey } = stats.journey;
  return { journey, nodes: stats.nodes, experiments: stats.experiments };
}

/**
 * The A/B test of a welcome offer with a holdout, for thousands of contacts: first in the
 * simulator, then for real (API, worker, Temporal's time-skipping server), the same contacts
 * converting the same way; the stats API must give exactly the simulation's counts.
 */
describe('analytics: an A/B test with a holdout, simulated and then run for real', () => {
  let stack: JourneyStack;

  beforeAll(async () => {
    stack = await startJourneyStack('analytics');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it(
    `counts ${contacts.toLocaleString('en')} contacts exactly as the simulation does, and the interval covers the true difference`,
    async () => {
      const { client } = await createWorkspace(stack.api.url, 'A/B', { retryUnavailable: true });
      const journeyId = await publishJourney(client, splitOffer);
      const users = Array.from({ length: contacts }, (_, index) => `ab-${index}`);
      const ids = new Map<string, string>();
      await inParallel(users, concurrency, async (userId) => {
        const created = await client.post('/v1/contacts', { userId });
        expect(created.status).toBe(201);
        ids.set(userId, created.body.id);
      });

      // Simulated first: every contact signs up; those whose fixed number falls under their
      // arm's rate pay a day later. The arms come from the simulation (the same hash as for real).
      const plan = compileOrThrow(splitOffer, createNodeCatalogue());
      const start = Date.parse('2026-11-23T00:00:00Z');
      const signUps = users.map((userId) => ({ at: new Date(start).toISOString(), contactId: ids.get(userId)!, name: 'signed_up' }));
      const script = (events: { at: string; contactId: string; name: string }[]) =>
        simulationScript.parse({ start: new Date(start).toISOString(), until: new Date(start + 8 * dayMs).toISOString(), contacts: [...ids.values()].map((id) => ({ id })), events });
      const simulateOk = async (events: { at: string; contactId: string; name: string }[]) => {
        const result = await simulate(plan, script(events), async () => ({}));
        if (!result.ok) throw new Error(`the simulation failed: ${JSON.stringify(result.errors)}`);
        return result;
      };
      const assigned = await simulateOk(signUps);
      const armOf = (timeline: readonly TimelineEntry[]) => timeline.find((entry): entry is Extract<TimelineEntry, { type: 'arm' }> => entry.type === 'arm')!.arm;
      const converters = users.filter((userId) => unit(userId) < rates[armOf(assigned.contacts[ids.get(userId)!]!)]!);
      const payments = converters.map((userId) => ({ at: new Date(start + dayMs).toISOString(), contactId: ids.get(userId)!, name: 'order_paid' }));
      const simulated = await simulateOk([...signUps, ...payments]);
      const simulatedCounts = countTimelines(simulated.contacts);
      const expected = journeyStats(plan, simulatedCounts, simulatedCounts);
      expect(expected.journey).toMatchObject({ enrolled: contacts, active: 0, goals: converters.length });

      // For real: the same sign-ups, then the same payments while everyone waits, then a week.
      const stats = async () => (await client.get<JourneyStats>(`/v1/journeys/${journeyId}/stats`)).body;
      await inParallel(users, concurrency, async (userId) => {
        const tracked = await client.post('/v1/events', { userId, event: 'signed_up', messageId: `${userId}-signed-up` });
        expect(tracked.status).toBe(202);
      });
      await eventually('every contact to wait in their arm', async () => (await stats()).journey.active === contacts && (await stats()).nodes.reduce((sum, node) => sum + node.waiting, 0) === contacts, 600_000, 1000);
      await inParallel(converters, concurrency, async (userId) => {
        expect((await client.post('/v1/events', { userId, event: 'order_paid', messageId: `${userId}-paid` })).status).toBe(202);
      });
      await eventually('every payment to convert', async () => (await stats()).journey.goals === converters.length, 300_000, 1000);
      await stack.env.sleep(8 * dayMs);
      const real = await eventually('every enrolment to end', async () => {
        const current = await stats();
        return current.journey.active === 0 ? current : undefined;
      }, 300_000, 1000);

      expect(countsOf(real)).toEqual(countsOf(expected));
      expect(real.journey.timeToConvert?.conversions).toBe(converters.length);
      const [experiment] = real.experiments;
      const arm = (id: string) => experiment!.result.arms.find((each) => each.id === id)!;
      expect(arm('holdout').control).toBe(true);
      // b's true difference from the holdout is 0.1, a's is 0: each interval covers its own.
      for (const [id, truth] of [['b', 0.1], ['a', 0]] as const) {
        const comparison = arm(id).comparison;
        if (!comparison?.enoughData) throw new Error(`arm ${id} should have enough data: ${JSON.stringify(comparison)}`);
        expect(comparison.interval[0]).toBeLessThanOrEqual(truth);
        expect(comparison.interval[1]).toBeGreaterThanOrEqual(truth);
      }

      // The same numbers as CSV, one row per arm; a funnel from sign-up to the goal through arm b.
      const csv = await client.get<string>(`/v1/journeys/${journeyId}/experiments?format=csv`);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = String(csv.body).trim().split('\n');
      expect(lines[0]).toBe('node,experiment,arm,holdout,control,contacts,conversions,rate,difference,ci95_low,ci95_high,p_value,note');
      expect(lines.slice(1).map((line) => line.split(',').slice(2, 7))).toEqual(
        experiment!.result.arms.map((each) => [each.id, String(each.holdout), String(each.control), String(each.contacts), String(each.conversions)]),
      );
      const funnel = (await client.get(`/v1/journeys/${journeyId}/funnel?steps=node:joined,port:split:b,goal`)).body;
      expect(funnel.rows.map((row: { count: number }) => row.count)).toEqual([contacts, arm('b').contacts, converters.length]);

      // Asked wrongly, each answer says what to write instead.
      const badStep = await client.get(`/v1/journeys/${journeyId}/funnel?steps=joined,goal`);
      expectProblem(badStep, 400);
      expect(JSON.stringify(badStep.body.errors)).toContain('write node:<nodeId>, port:<nodeId>:<port> or goal');
      const unknownNode = await client.get(`/v1/journeys/${journeyId}/funnel?steps=node:nowhere,goal`);
      expectProblem(unknownNode, 400);
      expect(unknownNode.body.errors).toEqual([expect.objectContaining({ code: 'unknown_node' })]);
      expectProblem(await client.get(`/v1/journeys/${journeyId}/stats?from=2026-12-01&to=2026-11-01`), 400);
      expectProblem(await client.get(`/v1/journeys/${journeyId}/stats?version=9`), 404);
    },
    1_500_000,
  );
});
