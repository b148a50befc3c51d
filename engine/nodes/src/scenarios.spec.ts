import { JourneyDefinitionInput, Plan, TimelineEntry } from '@trellis/journey';
import { compileOrThrow } from '@trellis/journey/dist/testing/journey-builder';
import { createFullCatalogue } from './index';
import { simulateScript } from './testing/simulate-script';

/** Acceptance scenarios: each is a journey, a script and the timeline a marketer expects. */
const catalogue = createFullCatalogue();

const plan = (definition: JourneyDefinitionInput): Plan => compileOrThrow(definition, catalogue);

const run = simulateScript;

/** The timeline without the bookkeeping entries, as "what happened when": easier to read in a test. */
const story = (timeline: readonly TimelineEntry[]) =>
  timeline.flatMap((entry) => {
    switch (entry.type) {
      case 'sent':
        return [`${entry.at} sent ${entry.template}`];
      case 'tagsChanged':
        return [`${entry.at} tagged +${entry.added.join(',')}`];
      case 'exited':
        return [`${entry.at} exited ${entry.reason}`];
      case 'enrolled':
        return [`${entry.at} enrolled`];
      default:
        return [];
    }
  });

describe('scenario a: welcome SOP', () => {
  const message = (template: string, category = 'content') => ({ type: 'action.message', config: { channel: 'wecom', template, category } });
  const welcomeSop = plan({
    name: 'Welcome SOP',
    nodes: [
      { id: 'joined', type: 'trigger.event', config: { event: 'joined_wecom', sourceProperty: 'state' } },
      { id: 'welcome', ...message('welcome', 'service') },
      { id: 'day-1', type: 'wait.delay', config: { amount: 1, unit: 'days' } },
      { id: 'has-profile', type: 'branch.condition', config: { branches: [{ id: 'completed', when: { kind: 'event', name: 'completed_profile', op: 'atLeast', count: 1 } }] } },
      { id: 'reminder', ...message('profile-reminder') },
      { id: 'nurture', type: 'action.tag', config: { add: ['needs_nurture'] } },
      { id: 'day-3', type: 'wait.delay', config: { amount: 2, unit: 'days' } },
      { id: 'invite', ...message('community-invite') },
      { id: 'done', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'joined', port: 'next', to: 'welcome' },
      { from: 'welcome', port: 'next', to: 'day-1' },
      { from: 'day-1', port: 'next', to: 'has-profile' },
      { from: 'has-profile', port: 'completed', to: 'day-3' },
      { from: 'has-profile', port: 'else', to: 'reminder' },
      { from: 'reminder', port: 'next', to: 'nurture' },
      { from: 'nurture', port: 'next', to: 'day-3' },
      { from: 'day-3', port: 'next', to: 'invite' },
      { from: 'invite', port: 'next', to: 'done' },
    ],
  });

  it('welcomes at once, reminds and tags only who has not completed the profile after a day, invites on day 3', async () => {
    const result = await run(welcomeSop, {
      start: '2026-11-23T00:00:00Z',
      contacts: [{ id: 'mei' }, { id: 'tom' }],
      events: [
        { at: '2026-11-23T09:00:00Z', contactId: 'mei', name: 'joined_wecom', properties: { state: 'store-sh-01' } },
        { at: '2026-11-23T09:00:00Z', contactId: 'tom', name: 'joined_wecom' },
        { at: '2026-11-23T15:00:00Z', contactId: 'mei', name: 'completed_profile' },
      ],
    });
    expect(story(result.contacts['mei']!)).toEqual([
      '2026-11-23T09:00:00.000Z enrolled',
      '2026-11-23T09:00:00.000Z sent welcome',
      '2026-11-26T09:00:00.000Z sent community-invite',
      '2026-11-26T09:00:00.000Z exited completed',
    ]);
    expect(story(result.contacts['tom']!)).toEqual([
      '2026-11-23T09:00:00.000Z enrolled',
      '2026-11-23T09:00:00.000Z sent welcome',
      '2026-11-24T09:00:00.000Z sent profile-reminder',
      '2026-11-24T09:00:00.000Z tagged +needs_nurture',
      '2026-11-26T09:00:00.000Z sent community-invite',
      '2026-11-26T09:00:00.000Z exited completed',
    ]);
    expect(result.contacts['mei']![0]).toEqual({ at: '2026-11-23T09:00:00.000Z', type: 'enrolled', trigger: 'trigger.event', event: 'joined_wecom', source: 'store-sh-01' });
    expect(result.contacts['tom']).toContainEqual({ at: '2026-11-24T09:00:00.000Z', type: 'sent', nodeId: 'reminder', channel: 'wecom', template: 'profile-reminder', category: 'content' });
  });
});

describe('scenario b: quiet-hours-aware wait', () => {
  const evening = plan({
    name: 'Evening nudge',
    nodes: [
      { id: 'start', type: 'trigger.event', config: { event: 'browsed' } },
      { id: 'evening-1', type: 'wait.until', config: { mode: 'timeOfDay', time: '20:00' } },
      { id: 'nudge-1', type: 'action.tag', config: { add: ['nudged-once'] } },
      { id: 'next-day', type: 'wait.delay', config: { amount: 1, unit: 'days' } },
      { id: 'evening-2', type: 'wait.until', config: { mode: 'timeOfDay', time: '20:00' } },
      { id: 'nudge-2', type: 'action.tag', config: { add: ['nudged-twice'] } },
      { id: 'done', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'start', port: 'next', to: 'evening-1' },
      { from: 'evening-1', port: 'next', to: 'nudge-1' },
      { from: 'nudge-1', port: 'next', to: 'next-day' },
      { from: 'next-day', port: 'next', to: 'evening-2' },
      { from: 'evening-2', port: 'next', to: 'nudge-2' },
      { from: 'nudge-2', port: 'next', to: 'done' },
    ],
  });

  it('wakes each contact at 20:00 in their own zone, across the US DST change', async () => {
    const result = await run(evening, {
      start: '2026-10-31T00:00:00Z',
      contacts: [
        { id: 'shanghai', timezone: 'Asia/Shanghai' },
        { id: 'new-york', timezone: 'America/New_York' },
      ],
      events: [
        { at: '2026-10-31T10:00:00Z', contactId: 'shanghai', name: 'browsed' },
        { at: '2026-10-31T10:00:00Z', contactId: 'new-york', name: 'browsed' },
      ],
    });
    const nudges = (id: string) => story(result.contacts[id]!).filter((line) => line.includes('tagged'));
    expect(nudges('shanghai')).toEqual(['2026-10-31T12:00:00.000Z tagged +nudged-once', '2026-11-02T12:00:00.000Z tagged +nudged-twice']);
    // 20:00 EDT (UTC-4) on 31 Oct; a day later it is 19:00 EST on 1 Nov (clocks went back that
    // morning), so the second 20:00 is the same evening, at UTC-5.
    expect(nudges('new-york')).toEqual(['2026-11-01T00:00:00.000Z tagged +nudged-once', '2026-11-02T01:00:00.000Z tagged +nudged-twice']);
  });
});
