import { describeNode } from '@trellis/journey';
import { createFullCatalogue, createNodeCatalogue } from './index';

describe('createNodeCatalogue', () => {
  it('holds the control nodes and the built-in actions, and finds actions by type', () => {
    const catalogue = createNodeCatalogue();
    expect(catalogue.list().map((spec) => spec.type)).toEqual([
      'trigger.event',
      'trigger.segment',
      'trigger.schedule',
      'wait.delay',
      'wait.until',
      'wait.event',
      'wait.condition',
      'branch.condition',
      'branch.split',
      'exit',
      'action.message',
      'action.tag',
      'action.update',
      'action.webhook',
      'action.handoff',
    ]);
    // Writes to Trellis's own store run as local activities; calls to other services do not.
    expect(catalogue.action('action.tag')?.execution).toEqual({ timeoutMs: 30_000, maxAttempts: 5, local: true });
    expect(catalogue.action('action.webhook')?.execution).toEqual({ timeoutMs: 65_000, maxAttempts: 5 });
    expect(catalogue.action('action.message')?.execution).toEqual({ timeoutMs: 60_000, maxAttempts: 5 });
    expect(catalogue.action('wait.delay')).toBeUndefined();
  });
});

describe('createFullCatalogue', () => {
  it('holds every node of the language, each with editor metadata and a JSON Schema', () => {
    const catalogue = createFullCatalogue();
    expect(catalogue.list().filter((spec) => spec.category === 'action').map((spec) => spec.type)).toEqual([
      'action.message',
      'action.tag',
      'action.update',
      'action.group',
      'action.webhook',
      'action.handoff',
      'action.enroll',
    ]);
    // Only writes to Trellis's own store skip the task queue; calls to outside services do not.
    expect(catalogue.list().flatMap((spec) => (spec.category === 'action' && catalogue.action(spec.type)?.execution.local ? [spec.type] : []))).toEqual(['action.tag', 'action.update']);
    for (const spec of catalogue.list()) {
      const descriptor = describeNode(spec);
      expect(descriptor.title && descriptor.description && descriptor.icon).toBeTruthy();
      // Objects, or a oneOf of objects for configs with modes (wait.until).
      expect(descriptor.configSchema['type'] === 'object' || Array.isArray(descriptor.configSchema['oneOf'])).toBe(true);
    }
  });
});
