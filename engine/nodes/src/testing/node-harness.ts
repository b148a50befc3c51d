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

type HttpResponder = (request: HttpRequest) => { status: number; body: unknown };
type SendResponder = (request: MessageRequest) => Omit<MessageReceipt, 'messageId'>;

/**
 * In-memory services with the same contract as the runtime's, for testing action nodes: every
 * capability, with every request kept for assertions. Profile updates, messages, tasks and
 * enrolments take effect once per idempotency key, as the runtime's services must.
 */
export function inMemoryServices(
  initial: Record<string, string[]> = {},
  respond: HttpResponder = () => ({ status: 200, body: {} }),
  answerSend: SendResponder = () => ({ status: 'sent' }),
) {
  const profiles = new Map<string, Profile>(Object.entries(initial).map(([id, tags]) => [id, { tags, traits: {} }]));
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
