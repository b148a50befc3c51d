import { z } from 'zod';
import { createCatalogue, describeNode, journeySettingsJsonSchema } from './catalogue';
import { defineNode } from './node-definition';
import { controlNodes, waitDelayNode } from './nodes';

describe('catalogue', () => {
  it('describes a node with a JSON Schema generated from its zod config', () => {
    const descriptor = describeNode(waitDelayNode);
    expect(descriptor).toMatchObject({ type: 'wait.delay', category: 'wait', ports: ['next'], title: 'Wait' });
    expect(descriptor.configSchema).toMatchObject({
      type: 'object',
      required: ['amount', 'unit'],
      properties: { amount: { type: 'integer', exclusiveMinimum: 0 }, unit: { enum: ['minutes', 'hours', 'days', 'weeks'] } },
      additionalProperties: false,
    });
  });

  it('refuses two definitions of one type, and malformed type names', () => {
    expect(() => createCatalogue([...controlNodes, waitDelayNode])).toThrow(/defined twice/);
    expect(() =>
      defineNode({ type: 'Action Tag', category: 'action', title: '', description: '', icon: '', config: z.object({}), ports: [] }),
    ).toThrow(/lower-case/);
  });

  it('lists what it holds', () => {
    const catalogue = createCatalogue(controlNodes);
    expect(catalogue.list().map((spec) => spec.type)).toEqual([
      'trigger.event',
      'trigger.message',
      'trigger.segment',
      'trigger.schedule',
      'trigger.api',
      'wait.delay',
      'wait.until',
      'wait.event',
      'wait.condition',
      'branch.condition',
      'branch.split',
      'exit',
    ]);
    expect(catalogue.get('exit')?.ports).toEqual([]);
    expect(catalogue.get('nope')).toBeUndefined();
  });

  it('exports the journey settings as JSON Schema for the editor', () => {
    const schema = journeySettingsJsonSchema();
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(Object.keys(schema['properties'] as object)).toEqual(['reentry', 'maxConcurrent', 'audience', 'enrolmentWindow', 'timezone', 'goal', 'exitCriteria']);
  });
});
