import { z } from 'zod';
import { defineNode } from '../node-definition';
import { sourceProperty } from './trigger-event.node';

export const triggerApiConfig = z.strictObject({
  sourceProperty: sourceProperty.describe('Field of the enrolment call’s data recorded as the acquisition source.'),
});
export type TriggerApiConfig = z.infer<typeof triggerApiConfig>;

export const triggerApiNode = defineNode({
  type: 'trigger.api',
  category: 'trigger',
  title: 'When enrolled by API',
  description: 'Enrols contacts your own systems send in with POST /v1/journeys/{id}/enrollments.',
  icon: 'plug',
  config: triggerApiConfig,
  ports: ['next'],
});
