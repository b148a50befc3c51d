import { applyTagChange, ContactSnapshot, SimulateAction, SimulatedActionOutcome, SimulationError } from '@trellis/journey';
import { ActionServices, AnyActionNodeSpec } from './define-action-node';

/**
 * Runs the real action nodes against a simulated contact: the same `execute` the worker calls,
 * with services that record the effects instead of writing to MongoDB. One semantics, two drivers.
 */
export function simulateActions(actions: { action(type: string): AnyActionNodeSpec | undefined }): SimulateAction {
  return async (command, contact: ContactSnapshot): Promise<SimulatedActionOutcome> => {
    const spec = actions.action(command.nodeType);
    if (!spec) throw new SimulationError(`no action node "${command.nodeType}" to simulate`);
    const config = spec.config.safeParse(command.config);
    if (!config.success) throw new SimulationError(`invalid config for ${command.nodeType} at node "${command.nodeId}"`);
    const tags = { add: [] as string[], remove: [] as string[] };
    const services: ActionServices = {
      contacts: {
        async updateTags(_workspaceId, _contactId, change) {
          tags.add.push(...change.add);
          tags.remove.push(...change.remove);
          return applyTagChange(contact.tags, change);
        },
      },
    };
    const result = await spec.execute(config.data, {
      workspaceId: 'simulation',
      contactId: 'simulated-contact',
      idempotencyKey: `simulation/${command.nodeId}`,
      services,
    });
    return { port: result.port, output: result.output, tags };
  };
}
