import { JourneyDefinitionInput, JourneySettingsInput, Plan, simulate, simulationScript, TimelineEntry } from '@trellis/journey';
import { compileOrThrow } from '@trellis/journey/dist/testing/journey-builder';
import { createFullCatalogue } from './index';
import { simulateScript } from './testing/simulate-script';
import { simulateActions } from './simulate-actions';

const catalogue = createFullCatalogue();
const run = simulateScript;

const plan = (definition: JourneyDefinitionInput): Plan => compileOrThrow(definition, catalogue);

/** trigger → tag "reached" → wait 1 day → exit, with the given trigger and settings. */
function simple(trigger: { type: string; config: Record<string, unknown> }, settings: JourneySettingsInput = {}): Plan {
  return plan({
    name: 'simple',
    settings,
    nodes: [
      { id: 'start', ...trigger },
      { id: 'tag', type: 'action.tag', config: { add: ['reached'] } },
      { id: 'wait', type: 'wait.delay', config: { amount: 1, unit: 'days' } },
      { id: 'done', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'start', port: 'next', to: 'tag' },
      { from: 'tag', port: 'next', to: 'wait' },
      { from: 'wait', port: 'next', to: 'done' },
    ],
  });
}

const of = <T extends TimelineEntry['type']>(timeline: readonly TimelineEntry[] | undefined, type: T) =>
  (timeline ?? []).filter((entry): entry is Extract<TimelineEntry, { type: T }> => entry.type === type);
const start = '2026-11-23T00:00:00Z';

describe('simulate: triggers', () => {
  it('enrols on inbound messages that match a keyword or intent', async () => {
    const journey = simple({ type: 'trigger.message', config: { keywords: ['资料'], intents: ['price'] } });
    const result = await run(journey, {
      start,
      contacts: [{ id: 'asks-price' }, { id: 'wants-pdf' }, { id: 'chats' }],
      events: [
        { at: '2026-11-23T01:00:00Z', contactId: 'asks-price', name: 'message_received', properties: { text: '这个多少钱？', channel: 'wecom' } },
        { at: '2026-11-23T01:00:00Z', contactId: 'wants-pdf', name: 'message_received', properties: { text: '发我资料', channel: 'wecom', source: 'live-code-7' } },
        { at: '2026-11-23T01:00:00Z', contactId: 'chats', name: 'message_received', properties: { text: '你好' } },
      ],
    });
    expect(of(result.contacts['asks-price'], 'enrolled')).toEqual([{ at: '2026-11-23T01:00:00.000Z', type: 'enrolled', trigger: 'trigger.message', event: 'message_received' }]);
    expect(of(result.contacts['wants-pdf'], 'enrolled')[0]?.source).toBe('live-code-7');
    expect(result.contacts['chats']).toEqual([]);
  });

  it('enrols contacts as they enter a segment, found by the sweep for time-based rules', async () => {
    const journey = simple({ type: 'trigger.segment', config: { segment: 'lapsed' } });
    const result = await run(journey, {
      start,
      until: '2026-12-10T00:00:00Z',
      contacts: [{ id: 'buyer' }, { id: 'regular' }, { id: 'never-bought' }],
      events: [
        { at: '2026-11-23T10:00:00Z', contactId: 'buyer', name: 'order_paid' },
        { at: '2026-11-23T10:00:00Z', contactId: 'regular', name: 'order_paid' },
        { at: '2026-11-29T10:00:00Z', contactId: 'regular', name: 'order_paid' },
      ],
      segments: { lapsed: { kind: 'all', rules: [{ kind: 'event', name: 'order_paid', op: 'atLeast', count: 1 }, { kind: 'event', name: 'order_paid', op: 'none', within: { amount: 7, unit: 'days' } }] } },
    });
    // Enters the moment the 7th day without an order passes (the hourly sweep after it).
    expect(of(result.contacts['buyer'], 'enrolled')).toEqual([{ at: '2026-11-30T11:00:00.000Z', type: 'enrolled', trigger: 'trigger.segment', segment: 'lapsed' }]);
    expect(of(result.contacts['regular'], 'enrolled')[0]?.at).toBe('2026-12-06T11:00:00.000Z');
    expect(result.contacts['never-bought']).toEqual([]);
  });

  it('enrols a segment on a schedule, in the schedule’s zone, with re-entry after exit', async () => {
    const journey = simple(
      { type: 'trigger.schedule', config: { schedule: { kind: 'cron', cron: '0 10 * * 1', timezone: 'Asia/Shanghai' }, segment: 'members' } },
      { reentry: { mode: 'afterExit' } },
    );
    const result = await run(journey, {
      start,
      until: '2026-12-08T00:00:00Z',
      contacts: [{ id: 'member', tags: ['member'] }, { id: 'guest' }],
      segments: { members: { kind: 'tags', op: 'has', tags: ['member'] } },
    });
    expect(of(result.contacts['member'], 'enrolled').map((entry) => entry.at)).toEqual(['2026-11-23T02:00:00.000Z', '2026-11-30T02:00:00.000Z', '2026-12-07T02:00:00.000Z']);
    expect(result.contacts['guest']).toEqual([]);
  });

  it('reaches each member at the schedule’s hour on their own clock, once per firing', async () => {
    const journey = simple({ type: 'trigger.schedule', config: { schedule: { kind: 'cron', cron: '0 8 * * 1', timezone: 'Asia/Shanghai', inContactTimeZone: true }, segment: 'members' } }, { reentry: { mode: 'afterExit' } });
    const result = await run(journey, {
      start,
      until: '2026-12-01T00:00:00Z',
      contacts: [
        { id: 'shanghai', tags: ['member'], timezone: 'Asia/Shanghai' },
        { id: 'berlin', tags: ['member'], timezone: 'Europe/Berlin' },
        { id: 'san-francisco', tags: ['member'], timezone: 'America/Los_Angeles' },
        { id: 'no-zone', tags: ['member'] },
      ],
      segments: { members: { kind: 'tags', op: 'has', tags: ['member'] } },
    });
    // Monday 08:00 local: 00:00 UTC in Shanghai, 07:00 in Berlin, 16:00 in San Francisco; no zone reads the schedule's.
    expect(of(result.contacts['shanghai'], 'enrolled').map((entry) => entry.at)).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z']);
    expect(of(result.contacts['berlin'], 'enrolled').map((entry) => entry.at)).toEqual(['2026-11-23T07:00:00.000Z', '2026-11-30T07:00:00.000Z']);
    expect(of(result.contacts['san-francisco'], 'enrolled').map((entry) => entry.at)).toEqual(['2026-11-23T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
    expect(of(result.contacts['no-zone'], 'enrolled').map((entry) => entry.at)).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z']);
  });

  it('enrols through API calls, recording the source the call names', async () => {
    const result = await run(simple({ type: 'trigger.api', config: {} }), {
      start,
      contacts: [{ id: 'crm-lead' }],
      enrolments: [{ at: '2026-11-23T05:00:00Z', contactId: 'crm-lead', data: { source: 'crm' } }],
    });
    expect(of(result.contacts['crm-lead'], 'enrolled')).toEqual([{ at: '2026-11-23T05:00:00.000Z', type: 'enrolled', trigger: 'trigger.api', source: 'crm' }]);
  });

  it('reports a segment the script does not define', async () => {
    const result = await simulate(simple({ type: 'trigger.segment', config: { segment: 'ghosts' } }), simulationScript.parse({ start, contacts: [] }), simulateActions(catalogue));
    expect(result).toEqual({ ok: false, errors: [{ code: 'unknown_segment', message: expect.stringContaining('segment "ghosts"') }] });
  });
});

describe('simulate: entry rules', () => {
  const signedUp = (contactId: string, at: string) => ({ at, contactId, name: 'signed_up' });

  it('applies re-entry cooldowns and the concurrency cap, saying why a contact stayed out', async () => {
    const journey = simple({ type: 'trigger.event', config: { event: 'signed_up' } }, { reentry: { mode: 'afterCooldown', cooldown: { amount: 3, unit: 'days' } }, maxConcurrent: 1 });
    const result = await run(journey, {
      start,
      contacts: [{ id: 'a' }, { id: 'b' }],
      events: [signedUp('a', '2026-11-23T00:00:00Z'), signedUp('b', '2026-11-23T01:00:00Z'), signedUp('a', '2026-11-25T00:00:00Z'), signedUp('a', '2026-11-26T00:00:00Z')],
    });
    expect(of(result.contacts['b'], 'notEnrolled').map((entry) => entry.reason)).toEqual(['capacity']);
    expect(of(result.contacts['a'], 'notEnrolled').map((entry) => entry.reason)).toEqual(['cooldown']);
    expect(of(result.contacts['a'], 'enrolled').map((entry) => entry.at)).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-26T00:00:00.000Z']);
  });

  it('keeps out contacts outside the audience', async () => {
    const journey = simple({ type: 'trigger.event', config: { event: 'signed_up' } }, { audience: { kind: 'field', path: 'traits.city', op: 'eq', value: 'Shanghai' } });
    const result = await run(journey, { start, contacts: [{ id: 'sh', traits: { city: 'Shanghai' } }, { id: 'bj', traits: { city: 'Beijing' } }], events: [signedUp('sh', start), signedUp('bj', start)] });
    expect(of(result.contacts['sh'], 'enrolled')).toHaveLength(1);
    expect(of(result.contacts['bj'], 'notEnrolled').map((entry) => entry.reason)).toEqual(['audience']);
  });
});

describe('simulate: goals, experiments and actions that wait', () => {
  const offer = (settings: JourneySettingsInput) =>
    plan({
      name: 'offer test',
      settings,
      nodes: [
        { id: 'start', type: 'trigger.event', config: { event: 'signed_up' } },
        { id: 'split', type: 'branch.split', config: { experimentId: 'offer-2026', arms: [{ id: 'coupon', weight: 50 }, { id: 'control', weight: 50, holdout: true }] } },
        { id: 'send', type: 'action.message', config: { channel: 'sms', template: 'coupon', category: 'promo', sendWindow: { start: '10:00', end: '20:00' } } },
        { id: 'wait', type: 'wait.delay', config: { amount: 7, unit: 'days' } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'start', port: 'next', to: 'split' },
        { from: 'split', port: 'coupon', to: 'send' },
        { from: 'send', port: 'next', to: 'wait' },
        { from: 'wait', port: 'next', to: 'done' },
      ],
    });
  const contacts = Array.from({ length: 20 }, (_, index) => ({ id: `c${index}`, timezone: 'Asia/Shanghai' }));
  const script = {
    start,
    contacts,
    events: contacts.flatMap(({ id }) => [
      { at: '2026-11-23T14:00:00Z', contactId: id, name: 'signed_up' },
      { at: '2026-11-25T00:00:00Z', contactId: id, name: 'order_paid', properties: { amount: 59 } },
    ]),
  };

  it('sends the treated arm inside its send window, holds the holdout through the goal window, and counts both arms’ goals', async () => {
    const result = await run(offer({ goal: { event: 'order_paid', within: { amount: 5, unit: 'days' } } }), script);
    const arms = contacts.map(({ id }) => of(result.contacts[id], 'arm')[0]!);
    expect(new Set(arms.map((arm) => arm.arm))).toEqual(new Set(['coupon', 'control']));
    expect(new Set(arms.map((arm) => arm.nodeId))).toEqual(new Set(['split']));
    for (const { id } of contacts) {
      const timeline = result.contacts[id]!;
      const held = of(timeline, 'arm')[0]!.holdout;
      expect(of(timeline, 'goal')).toEqual([{ at: '2026-11-25T00:00:00.000Z', type: 'goal', nodeId: held ? 'split' : 'wait', event: 'order_paid' }]);
      if (held) {
        expect(of(timeline, 'sent')).toEqual([]);
        expect(of(timeline, 'exited')).toEqual([{ at: '2026-11-28T14:00:00.000Z', type: 'exited', nodeId: 'split', reason: 'holdout' }]);
      } else {
        // Signed up at 22:00 Shanghai time: the promo waits for 10:00 the next morning.
        expect(of(timeline, 'sent')).toEqual([{ at: '2026-11-24T02:00:00.000Z', type: 'sent', nodeId: 'send', channel: 'sms', template: 'coupon', category: 'promo' }]);
      }
    }
  });

  it('ends the enrolment at the goal when the journey says so', async () => {
    const result = await run(offer({ goal: { event: 'order_paid', exitOnGoal: true } }), script);
    const treated = contacts.find(({ id }) => !of(result.contacts[id], 'arm')[0]!.holdout)!;
    expect(of(result.contacts[treated.id], 'exited')).toEqual([{ at: '2026-11-25T00:00:00.000Z', type: 'exited', nodeId: 'wait', reason: 'goal' }]);
  });

  it('holds a hand-off until the operator resolves its task, or times out', async () => {
    const journey = plan({
      name: 'hand-off',
      nodes: [
        { id: 'start', type: 'trigger.event', config: { event: 'asked_for_help' } },
        { id: 'call', type: 'action.handoff', config: { title: 'Call back', waitForResolution: { timeout: { amount: 1, unit: 'days' } } } },
        { id: 'thanks', type: 'action.tag', config: { add: ['helped'] } },
        { id: 'escalate', type: 'action.tag', config: { add: ['escalated'] } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'start', port: 'next', to: 'call' },
        { from: 'call', port: 'resolved', to: 'thanks' },
        { from: 'call', port: 'timedOut', to: 'escalate' },
        { from: 'thanks', port: 'next', to: 'done' },
        { from: 'escalate', port: 'next', to: 'done' },
      ],
    });
    const result = await run(journey, {
      start,
      contacts: [{ id: 'helped' }, { id: 'forgotten' }],
      events: [
        { at: start, contactId: 'helped', name: 'asked_for_help' },
        { at: start, contactId: 'forgotten', name: 'asked_for_help' },
        // The simulated task id is the action's idempotency key.
        { at: '2026-11-23T03:00:00Z', contactId: 'helped', name: 'task_resolved', properties: { taskId: 'simulation/helped/call/1' } },
      ],
    });
    expect(of(result.contacts['helped'], 'tagsChanged').map((entry) => [entry.at, entry.added])).toEqual([['2026-11-23T03:00:00.000Z', ['helped']]]);
    expect(of(result.contacts['forgotten'], 'tagsChanged').map((entry) => [entry.at, entry.added])).toEqual([['2026-11-24T00:00:00.000Z', ['escalated']]]);
  });

  it('applies trait and lifecycle updates to the simulated contact, so later rules see them', async () => {
    const journey = plan({
      name: 'ladder',
      nodes: [
        { id: 'start', type: 'trigger.event', config: { event: 'order_paid' } },
        { id: 'points', type: 'action.update', config: { increment: { points: 100 }, lifecycleStage: 'growth' } },
        { id: 'check', type: 'branch.condition', config: { branches: [{ id: 'grown', when: { kind: 'all', rules: [{ kind: 'field', path: 'lifecycleStage', op: 'eq', value: 'growth' }, { kind: 'field', path: 'traits.points', op: 'gte', value: 150 }] } }] } },
        { id: 'vip', type: 'action.tag', config: { add: ['vip'] } },
        { id: 'done', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'start', port: 'next', to: 'points' },
        { from: 'points', port: 'next', to: 'check' },
        { from: 'check', port: 'grown', to: 'vip' },
        { from: 'check', port: 'else', to: 'done' },
        { from: 'vip', port: 'next', to: 'done' },
      ],
    });
    const result = await run(journey, { start, contacts: [{ id: 'li', traits: { points: 60 }, lifecycleStage: 'intro' }], events: [{ at: start, contactId: 'li', name: 'order_paid' }] });
    expect(of(result.contacts['li'], 'traitsChanged')).toEqual([{ at: '2026-11-23T00:00:00.000Z', type: 'traitsChanged', nodeId: 'points', changes: { points: 160 } }]);
    expect(of(result.contacts['li'], 'lifecycleChanged')).toEqual([{ at: '2026-11-23T00:00:00.000Z', type: 'lifecycleChanged', nodeId: 'points', from: 'intro', to: 'growth' }]);
    expect(of(result.contacts['li'], 'tagsChanged')[0]?.added).toEqual(['vip']);
  });
});

describe('simulation under the workspace’s messaging policy', () => {
  // trigger → promo → promo → exit: two marketing messages in a row, at the moment of the event.
  const twoPromos = plan({
    name: 'two promos',
    nodes: [
      { id: 'start', type: 'trigger.event', config: { event: 'evening' } },
      { id: 'first', type: 'action.message', config: { channel: 'sms', template: 'offer', category: 'promo' } },
      { id: 'second', type: 'action.message', config: { channel: 'sms', template: 'offer', category: 'promo', whenCapped: 'skip' } },
      { id: 'receipt', type: 'action.message', config: { channel: 'sms', template: 'receipt', category: 'service' } },
      { id: 'done', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'start', port: 'next', to: 'first' },
      { from: 'first', port: 'next', to: 'second' },
      { from: 'second', port: 'next', to: 'receipt' },
      { from: 'receipt', port: 'next', to: 'done' },
    ],
  });
  const policy = { caps: [{ id: 'daily', limit: 1, per: 'day' }], quietHours: { start: '21:00', end: '08:00' }, timezone: 'Asia/Shanghai' };
  // 21:30 in Shanghai.
  const script = (messagingPolicy?: Record<string, unknown>) => ({
    start: '2026-11-23T13:00:00Z',
    contacts: [{ id: 'mei', timezone: 'Asia/Shanghai' }],
    events: [{ at: '2026-11-23T13:30:00Z', contactId: 'mei', name: 'evening' }],
    ...(messagingPolicy ? { messagingPolicy } : {}),
  });
  const kinds = (timeline: TimelineEntry[]) => timeline.filter((entry) => entry.type === 'waiting' || entry.type === 'sent' || entry.type === 'action').map((entry) => `${entry.at.slice(11, 16)} ${entry.type} ${'nodeId' in entry ? entry.nodeId : ''}${entry.type === 'waiting' ? ` ${entry.for}` : ''}${entry.type === 'action' ? ` ${String(entry.output?.status)}${entry.output?.reason ? ` ${String(entry.output.reason)}` : ''}` : ''}`);

  it('holds marketing through quiet hours and skips what the cap refuses, as the runtime does; service goes at once', async () => {
    const held = await run(twoPromos, script(policy));
    expect(kinds(held.contacts.mei!)).toEqual([
      '13:30 waiting first quiet_hours',
      '00:00 action first sent',
      '00:00 sent first',
      '00:00 action second skipped cap:daily',
      '00:00 action receipt sent',
      '00:00 sent receipt',
    ]);
    const free = await run(twoPromos, script());
    expect(kinds(free.contacts.mei!).filter((entry) => entry.includes(' sent '))).toEqual(['13:30 sent first', '13:30 sent second', '13:30 sent receipt']);
  });

  it('refuses a script whose policy cannot hold', () => {
    expect(simulationScript.safeParse(script({ quietHours: { start: '21:00', end: '21:00' } })).success).toBe(false);
  });
});
