import { createNodeCatalogue } from './index';

describe('createNodeCatalogue', () => {
  it('holds the control nodes and the built-in actions, and finds actions by type', () => {
    const catalogue = createNodeCatalogue();
    expect(catalogue.list().map((spec) => spec.type)).toEqual(['trigger.event', 'wait.delay', 'exit', 'action.tag']);
    expect(catalogue.action('action.tag')?.execution).toEqual({ timeoutMs: 30_000, maxAttempts: 5 });
    expect(catalogue.action('wait.delay')).toBeUndefined();
  });
});
