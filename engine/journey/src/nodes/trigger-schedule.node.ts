import { z } from 'zod';
import { defineNode } from '../node-definition';
import { schedule } from '../time/schedule';
import { segmentKey } from './trigger-segment.node';

export const triggerScheduleConfig = z.strictObject({
  schedule: schedule.describe('When to enrol: a cron expression in a time zone, or once at an instant.'),
  segment: segmentKey.optional().describe('Enrol the members of this segment; everyone in the journey’s audience when empty.'),
});
export type TriggerScheduleConfig = z.infer<typeof triggerScheduleConfig>;

export const triggerScheduleNode = defineNode({
  type: 'trigger.schedule',
  category: 'trigger',
  title: 'On a schedule',
  description: 'Enrols a segment at set times: broadcasts and content calendars, e.g. every Monday 10:00.',
  icon: 'calendar',
  config: triggerScheduleConfig,
  ports: ['next'],
  enrolsOn: (config) => ({ segments: config.segment ? [config.segment] : [], schedules: [config.schedule] }),
});
