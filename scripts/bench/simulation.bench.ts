import { ContactSnapshot, Cursor, JourneyDefinitionInput, Plan, simulate, SimulationScript, simulationScript, startCursor, step, StepInput } from '@trellis/journey';
import { createFullCatalogue, simulateActions } from '@trellis/nodes';
import { BenchCase } from './bench-case';
import { compiled } from './journey-core.bench';

const message = (template: string, category = 'content', extra: Record<string, unknown> = {}) => ({ type: 'action.message', config: { channel: 'wecom', template, category, ...extra } });

/** The welcome SOP with an A/B-tested offer: 15 nodes with waits, an if/else, a split and an event wait. */
export const welcomeWithOffer: JourneyDefinitionInput = {
  name: 'welcome with offer',
  nodes: [
    { id: 'joined', type: 'trigger.event', config: { event: 'joined_wecom', sourceProperty: 'state' } },
    { id: 'welcome', ...message('welcome', 'service') },
    { id: 'day1', type: 'wait.delay', config: { amount: 1, unit: 'days' } },
    { id: 'profiled', type: 'branch.condition', config: { branches: [{ id: 'done', when: { kind: 'event', name: 'completed_profile', op: 'atLeast', count: 1 } }] } },
    { id: 'tag-profiled', type: 'action.tag', config: { add: ['profiled'] } },
    { id: 'reminder', ...message('profile-reminder') },
    { id: 'tag-nurture', type: 'action.tag', config: { add: ['needs_nurture'] } },
    { id: 'evening', type: 'wait.until', config: { mode: 'timeOfDay', time: '20:00' } },
    { id: 'offer', type: 'branch.split', config: { experimentId: 'welcome-offer', arms: [{ id: 'a', weight: 45 }, { id: 'b', weight: 45 }, { id: 'control', weight: 10, holdout: true }] } },
    { id: 'offer-a', ...message('offer-10-off', 'promo', { sendWindow: { start: '10:00', end: '21:00' } }) },
    { id: 'offer-b', ...message('offer-gift', 'promo', { sendWindow: { start: '10:00', end: '21:00' } }) },
    { id: 'paid', type: 'wait.event', config: { event: 'order_paid', timeout: { amount: 3, unit: 'days' } } },
    { id: 'grow', type: 'action.update', config: { lifecycleStage: 'growth', increment: { orders: 1 } } },
    { id: 'done-paid', type: 'exit', config: {} },
    { id: 'done-unpaid', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'joined', port: 'next', to: 'welcome' },
    { from: 'welcome', port: 'next', to: 'day1' },
    { from: 'day1', port: 'next', to: 'profiled' },
    { from: 'profiled', port: 'done', to: 'tag-profiled' },
    { from: 'profiled', port: 'else', to: 'reminder' },
    { from: 'reminder', port: 'next', to: 'tag-nurture' },
    { from: 'tag-nurture', port: 'next', to: 'evening' },
    { from: 'tag-profiled', port: 'next', to: 'evening' },
    { from: 'evening', port: 'next', to: 'offer' },
    { from: 'offer', port: 'a', to: 'offer-a' },
    { from: 'offer', port: 'b', to: 'offer-b' },
    { from: 'offer-a', port: 'next', to: 'paid' },
    { from: 'offer-b', port: 'next', to: 'paid' },
    { from: 'paid', port: 'received', to: 'grow' },
    { from: 'paid', port: 'timedOut', to: 'done-unpaid' },
    { from: 'grow', port: 'next', to: 'done-paid' },
  ],
};

const zones = ['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Shanghai', 'America/New_York', 'Europe/Berlin'];

/** `count` contacts joining over a day; 30% complete their profile, 20% pay within two days. */
export function welcomeScript(count: number): SimulationScript {
  const start = Date.parse('2026-11-23T00:00:00Z');
  const at = (ms: number) => new Date(ms).toISOString();
  const contacts = Array.from({ length: count }, (_, index) => ({ id: `c${index}`, timezone: zones[index % zones.length] }));
  const events = contacts.flatMap(({ id }, index) => {
    const joined = start + ((index * 864) % 86_400_000);
    return [
      { at: at(joined), contactId: id, name: 'joined_wecom', properties: { state: index % 3 ? 'store-sh' : 'ad-spring' } },
      ...(index % 10 < 3 ? [{ at: at(joined + 3_600_000), contactId: id, name: 'completed_profile' }] : []),
      ...(index % 5 === 0 ? [{ at: at(joined + 40 * 3_600_000), contactId: id, name: 'order_paid', properties: { amount: 99 } }] : []),
    ];
  });
  return simulationScript.parse({ start: at(start), until: at(start + 14 * 86_400_000), contacts, events });
}

/** The interpreter alone over the same contacts: step() answered at once, no clock, queue or effects. */
function interpretOnly(plan: Plan, contacts: readonly { id: string; timezone?: string }[]): number {
  let steps = 0;
  for (const { id, timezone } of contacts) {
    const contact: ContactSnapshot = { traits: {}, tags: [], timezone, events: [] };
    let cursor: Cursor = startCursor(plan);
    let input: StepInput = { type: 'enter' };
    let now = 0;
    for (;;) {
      steps++;
      const { cursor: next, command } = step(plan, cursor, input, { nowMs: now, contactId: id, contact, enrolledAtMs: 0 });
      cursor = next;
      if (command.type === 'exit') break;
      if (command.type === 'sleep' || command.type === 'waitForEvent') now = command.untilMs;
      input = command.type === 'goTo' ? { type: 'enter' } : command.type === 'runAction' ? { type: 'actionCompleted' } : { type: 'timerFired' };
    }
  }
  return steps;
}

export function simulationCases(contacts = 100_000): BenchCase[] {
  const catalogue = createFullCatalogue();
  const plan = compiled(welcomeWithOffer, catalogue);
  const script = welcomeScript(contacts);
  const runActions = simulateActions(catalogue);
  return [
    {
      kind: 'throughput',
      name: `simulate ${contacts.toLocaleString('en')} contacts through a 15-node journey`,
      repeat: 3,
      subject: {
        name: 'simulate()',
        run: async () => {
          const result = await simulate(plan, script, runActions);
          if (!result.ok) throw new Error(`bench simulation failed: ${JSON.stringify(result.errors)}`);
          return { contacts, steps: result.stats.steps };
        },
      },
      baseline: { name: 'step() loop alone', run: async () => ({ contacts, steps: interpretOnly(plan, script.contacts) }) },
    },
  ];
}
