import { createCatalogue } from '../catalogue';
import { compile } from '../compiler/compile';
import { controlNodes } from '../nodes';
import { Plan } from '../plan';
import { JourneySettingsInput } from '../settings';
import { chain } from '../testing/journey-builder';
import { admit, AdmissionFacts } from './admission';
import { matchTrigger } from './match-trigger';

const catalogue = createCatalogue(controlNodes);
const day = 86_400_000;

function planWith(settings: JourneySettingsInput, trigger: Record<string, unknown> = { event: 'signed_up' }): Plan {
  const result = compile({ ...chain(['trigger.event', 'exit'], { 'trigger.event': trigger }), settings }, catalogue);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

const facts = (overrides: Partial<AdmissionFacts> = {}): AdmissionFacts => ({
  nowMs: 10 * day,
  contact: { traits: { city: 'Shanghai' }, tags: ['member'] },
  running: false,
  activeCount: 0,
  ...overrides,
});

describe('admit', () => {
  it('lets a first-time contact in by default, once', () => {
    const plan = planWith({});
    expect(admit(plan, facts())).toEqual({ ok: true });
    expect(admit(plan, facts({ lastEnrolledAtMs: 0 }))).toEqual({ ok: false, reason: 'reentry' });
  });

  it('never allows two enrolments of one contact at the same time', () => {
    expect(admit(planWith({ reentry: { mode: 'afterExit' } }), facts({ running: true }))).toEqual({ ok: false, reason: 'alreadyEnrolled' });
  });

  it('re-admits after exit, or after a cooldown since the previous entry', () => {
    expect(admit(planWith({ reentry: { mode: 'afterExit' } }), facts({ lastEnrolledAtMs: 9 * day }))).toEqual({ ok: true });
    const cooldown = planWith({ reentry: { mode: 'afterCooldown', cooldown: { amount: 7, unit: 'days' } } });
    expect(admit(cooldown, facts({ lastEnrolledAtMs: 4 * day }))).toEqual({ ok: false, reason: 'cooldown' });
    expect(admit(cooldown, facts({ lastEnrolledAtMs: 3 * day }))).toEqual({ ok: true });
  });

  it('applies the audience filter, the enrolment window and the concurrency cap', () => {
    const audience = planWith({ audience: { kind: 'tags', op: 'has', tags: ['vip'] } });
    expect(admit(audience, facts())).toEqual({ ok: false, reason: 'audience' });
    expect(admit(audience, facts({ contact: { traits: {}, tags: ['vip'] } }))).toEqual({ ok: true });
    const window = planWith({ enrolmentWindow: { from: new Date(5 * day).toISOString(), until: new Date(10 * day).toISOString() } });
    expect(admit(window, facts({ nowMs: 4 * day }))).toEqual({ ok: false, reason: 'window' });
    expect(admit(window, facts({ nowMs: 7 * day }))).toEqual({ ok: true });
    expect(admit(window, facts({ nowMs: 10 * day }))).toEqual({ ok: false, reason: 'window' });
    const capped = planWith({ maxConcurrent: 2 });
    expect(admit(capped, facts({ activeCount: 1 }))).toEqual({ ok: true });
    expect(admit(capped, facts({ activeCount: 2 }))).toEqual({ ok: false, reason: 'capacity' });
  });
});

describe('matchTrigger', () => {
  const event = (name: string, properties: Record<string, unknown> = {}) => ({ name, at: 0, properties });

  it('enrols on the trigger event, filtered by its properties, recording the acquisition source', () => {
    const plan = planWith({}, { event: 'joined_wecom', where: { kind: 'field', path: 'properties.state', op: 'in', value: ['store-sh-01', 'store-sh-02'] }, sourceProperty: 'state' });
    expect(matchTrigger(plan.nodes[plan.triggerNodeId]!, event('joined_wecom', { state: 'store-sh-01' }), 0)).toEqual({ source: 'store-sh-01' });
    expect(matchTrigger(plan.nodes[plan.triggerNodeId]!, event('joined_wecom', { state: 'store-bj-01' }), 0)).toBeUndefined();
    expect(matchTrigger(plan.nodes[plan.triggerNodeId]!, event('signed_up', { state: 'store-sh-01' }), 0)).toBeUndefined();
  });

  it('enrols without a source when the event carries none', () => {
    expect(matchTrigger(planWith({}).nodes['n0']!, event('signed_up'), 0)).toEqual({});
  });

  it('enrols a segment trigger on entry to its segment only', () => {
    const trigger = { type: 'trigger.segment', config: { segment: 'dormant-30d' } };
    expect(matchTrigger(trigger, event('$segment.entered', { segment: 'dormant-30d' }), 0)).toEqual({});
    expect(matchTrigger(trigger, event('$segment.entered', { segment: 'vip' }), 0)).toBeUndefined();
    expect(matchTrigger(trigger, event('$segment.left', { segment: 'dormant-30d' }), 0)).toBeUndefined();
  });
});
