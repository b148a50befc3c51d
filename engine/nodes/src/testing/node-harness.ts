import { applyTagChange, LifecycleStage } from '@trellis/journey';
import {
  ActionContext,
  ActionResult,
  ActionServices,
  AnyActionNodeSpec,
  EnrolRequest,
  GroupMembershipRequest,
  HttpRequest,
  MessageReceipt,
  MessageRequest,
  TaskRequest,
} from '../define-action-node';
import { applyProfileChange } from '../simulate-actions';

interface Profile {
  tags: string[];
  traits: Record<string, unknown>;
  lifecycleStage?: LifecycleStage;
}

export type HttpResponder = (request: HttpRequest) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;
type SendResponder = (request: MessageRequest) => Omit<MessageReceipt, 'messageId'>;

/**
 * In-memory services with the same contract as the runtime's, for testing action nodes: every
 * capability, with every request kept for assertions. Profile updates, messages, tasks and
 * enrolments take effect once per idempotency key, as the runtime's services must.
 */
export function inMemoryServices(
  initial: Record<string, string[] | { tags?: string[]; traits?: Record<string, unknown> }> = {},
  respond: HttpResponder = () => ({ status: 200, body: {} }),
  answerSend: SendResponder = () => ({ status: 'sent' }),
) {
  const profiles = new Map<string, Profile>(
    Object.entries(initial).map(([id, seed]) => [id, Array.isArray(seed) ? { tags: seed, traits: {} } : { tags: seed.tags ?? [], traits: { ...seed.traits } }]),
  );
  const appliedKeys = new Set<string>();
  const sent: MessageRequest[] = [];
  const requests: HttpRequest[] = [];
  const createdTasks = new Map<string, TaskRequest>();
  const memberships: GroupMembershipRequest[] = [];
  const enrolments: EnrolRequest[] = [];
  const profile = (contactId: string) => {
    const found = profiles.get(contactId);
    if (!found) throw new Error(`contact ${contactId} does not exist`);
    return found;
  };
  const services: ActionServices = {
    contacts: {
      async updateTags(_workspaceId, contactId, change) {
        const found = profile(contactId);
        found.tags = applyTagChange(found.tags, change);
        return found.tags;
      },
      async updateProfile(_workspaceId, contactId, change, idempotencyKey) {
        const found = profile(contactId);
        const after = applyProfileChange(found.traits, change);
        if (appliedKeys.has(idempotencyKey)) return after;
        appliedKeys.add(idempotencyKey);
        for (const [key, value] of Object.entries(after.traits)) {
          if (value === null) delete found.traits[key];
          else found.traits[key] = value;
        }
        if (after.lifecycleStage) found.lifecycleStage = after.lifecycleStage;
        return after;
      },
    },
    messages: {
      async send(request) {
        const duplicate = sent.some((message) => message.idempotencyKey === request.idempotencyKey);
        if (!duplicate) sent.push(request);
        return { messageId: request.idempotencyKey, ...answerSend(request) };
      },
    },
    groups: {
      async changeMembership(request) {
        memberships.push(request);
        return { status: request.operation === 'invite' ? 'invited' : 'removed' };
      },
    },
    http: {
      async request(request) {
        requests.push(request);
        return respond(request);
      },
    },
    tasks: {
      async create(request) {
        const taskId = `task-${request.idempotencyKey}`;
        if (!createdTasks.has(taskId)) createdTasks.set(taskId, request);
        return { taskId };
      },
    },
    journeys: {
      async enroll(request) {
        if (enrolments.some((enrolment) => enrolment.idempotencyKey === request.idempotencyKey)) return { enrolled: true };
        enrolments.push(request);
        return { enrolled: true };
      },
    },
  };
  return {
    ...services,
    tagsOf: (contactId: string) => [...(profiles.get(contactId)?.tags ?? [])],
    profileOf: (contactId: string) => profiles.get(contactId),
    /** Adds a contact the services did not know, as a test's starting point. */
    addContact(contactId: string, seed: { tags?: string[]; traits?: Record<string, unknown> } = {}) {
      profiles.set(contactId, { tags: seed.tags ?? [], traits: { ...seed.traits } });
    },
    sent,
    requests,
    createdTasks,
    memberships,
    enrolments,
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
  if (!parsed.success) throw new Error(`invalid config for ${spec.type}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return spec.execute(parsed.data, {
    workspaceId: 'ws-test',
    contactId: 'contact-test',
    idempotencyKey: 'test/node/1',
    nowMs: Date.now(),
    finalAttempt: false,
    firstRun: false,
    ...context,
  });
}

export type InMemoryServices = ReturnType<typeof inMemoryServices>;

/** The contact a node runs for in a test: an id, or an id with the tags and traits it starts with. */
export type TestContact = string | { id: string; tags?: string[]; traits?: Record<string, unknown> };

export interface RunNodeOptions<S extends ActionServices> extends Partial<Omit<ActionContext, 'services' | 'contactId'>> {
  /** The node's config as a journey holds it: parsed by the node's schema first, so a bad one fails as at publish. */
  config: unknown;
  /** `contact-test` with no tags or traits by default. */
  contact?: TestContact;
  /** In-memory services with every capability by default (`inMemoryServices`); the contact is added to them. */
  services?: S;
}

/**
 * Runs a node the way the worker runs it, with no database, network or Temporal: the config
 * parsed by the node's own schema, then one attempt of `execute`. Returns the node's result and
 * the services, whose recorded requests, messages and contact profiles a test asserts on.
 */
export async function runNode<S extends ActionServices = InMemoryServices>(
  node: AnyActionNodeSpec,
  { config, contact = 'contact-test', services, ...context }: RunNodeOptions<S>,
): Promise<ActionResult & { services: S }> {
  const { id, ...seed } = typeof contact === 'string' ? { id: contact } : contact;
  const used = (services ?? inMemoryServices()) as S;
  const known = used as unknown as Partial<InMemoryServices>;
  if (known.addContact && known.profileOf && !known.profileOf(id)) known.addContact(id, seed);
  const result = await runActionNode(node, config, { ...context, contactId: id, services: used });
  return { ...result, services: used };
}
