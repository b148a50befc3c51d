import { applyTagChange } from '@trellis/journey';
import { ActionContext, ActionResult, ActionServices, AnyActionNodeSpec } from '../define-action-node';

/** In-memory services with the same contract as the runtime's, for testing action nodes. */
export function inMemoryServices(initial: Record<string, string[]> = {}): ActionServices & { tagsOf(contactId: string): string[] } {
  const tags = new Map(Object.entries(initial));
  return {
    contacts: {
      async updateTags(_workspaceId, contactId, change) {
        const current = tags.get(contactId);
        if (!current) throw new Error(`contact ${contactId} does not exist`);
        const after = applyTagChange(current, change);
        tags.set(contactId, after);
        return after;
      },
    },
    tagsOf: (contactId) => [...(tags.get(contactId) ?? [])],
  };
}

/**
 * Runs an action node the way the worker does: config parsed by the node's own schema first,
 * so a test sees the same validation errors a user would.
 */
export async function runActionNode(
  spec: AnyActionNodeSpec,
  config: unknown,
  context: Partial<ActionContext> & Pick<ActionContext, 'services'>,
): Promise<ActionResult> {
  const parsed = spec.config.safeParse(config);
  if (!parsed.success) throw new Error(`invalid config for ${spec.type}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return spec.execute(parsed.data, {
    workspaceId: 'ws-test',
    contactId: 'contact-test',
    idempotencyKey: 'test/node/1',
    ...context,
  });
}
