import { applyTagChange, capped, checkGuardrails, ContactSnapshot, MessagingPolicy, SendSituation, SentMessage, SimulateAction, SimulatedActionOutcome, SimulationError } from '@trellis/journey';
import { ActionServices, AnyActionNodeSpec, HttpRequest, MessageReceipt, MessageRequest, ProfileAfter, ProfileChange } from './define-action-node';

/** Traits after a change, as the runtime's store computes them: increments start from 0. */
export function applyProfileChange(traits: Record<string, unknown>, change: ProfileChange): ProfileAfter {
  const after: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change.set)) after[key] = value;
  for (const [key, amount] of Object.entries(change.increment)) {
    const current = traits[key];
    after[key] = (typeof current === 'number' && Number.isFinite(current) ? current : 0) + amount;
  }
  for (const key of change.unset) after[key] = null;
  return { traits: after, ...(change.lifecycleStage ? { lifecycleStage: change.lifecycleStage } : {}) };
}

type Recording = Required<Pick<SimulatedActionOutcome, 'tags' | 'sends'>> & SimulatedActionOutcome & { request?: Pick<HttpRequest, 'method' | 'url'> };

interface Current {
  contact: ContactSnapshot;
  outcome: Recording;
}

/**
 * The workspace's guardrails as the runtime applies them, with the simulation's own counters:
 * a held-back or skipped send says why, a send that may go takes its cap units. Consent,
 * suppressions and hand-offs are not part of a script, so they never hold a message here.
 */
function simulatedGuardrails(policy: MessagingPolicy) {
  const firstTried = new Map<string, number>();
  const counts = new Map<string, number>();
  return (request: MessageRequest, zone: string | undefined): MessageReceipt | undefined => {
    const firstTriedAtMs = firstTried.get(request.idempotencyKey) ?? request.nowMs;
    firstTried.set(request.idempotencyKey, firstTriedAtMs);
    const situation: SendSituation = { channel: request.channel, category: request.category, ...(zone ? { zone } : {}), nowMs: request.nowMs, firstTriedAtMs, suppressed: false, handoffOpen: false };
    let verdict = checkGuardrails(policy, situation);
    if (verdict.outcome === 'send') {
      const counters = verdict.counters;
      const full = counters.find((counter) => (counts.get(`${request.contactId}:${counter.key}`) ?? 0) >= counter.limit);
      if (!full) {
        for (const counter of counters) counts.set(`${request.contactId}:${counter.key}`, (counts.get(`${request.contactId}:${counter.key}`) ?? 0) + 1);
        return undefined;
      }
      verdict = capped(policy, situation, full, request.whenCapped);
    }
    if (verdict.outcome === 'defer') return { messageId: request.idempotencyKey, status: 'deferred', reason: verdict.reason, retryAtMs: verdict.untilMs };
    return { messageId: request.idempotencyKey, status: 'skipped', reason: verdict.outcome === 'skip' ? verdict.reason : 'unknown' };
  };
}

/**
 * Services that record what an action would do to the simulated contact instead of doing it:
 * tags and traits change the snapshot (the simulator applies them), messages are collected,
 * webhooks, groups, tasks and journey hand-overs are answered without any I/O. Built once and
 * pointed at the action being run (`current`): simulate() runs actions one at a time, and the
 * simulator runs hundreds of thousands of them.
 */
function recordingServices(current: Current, guard?: ReturnType<typeof simulatedGuardrails>): ActionServices {
  return {
    contacts: {
      async updateTags(_workspaceId, _contactId, change) {
        const { outcome } = current;
        outcome.tags = { add: [...outcome.tags.add, ...change.add], remove: [...outcome.tags.remove, ...change.remove] };
        return applyTagChange(current.contact.tags, change);
      },
      async updateProfile(_workspaceId, _contactId, change) {
        const { outcome } = current;
        const after = applyProfileChange(current.contact.traits, change);
        outcome.traits = { ...outcome.traits, ...after.traits };
        if (after.lifecycleStage) outcome.lifecycleStage = after.lifecycleStage;
        return after;
      },
    },
    messages: {
      async send(request) {
        const held = guard?.(request, current.contact.timezone);
        if (held) return held;
        const sent: SentMessage = { channel: request.channel, template: request.template, category: request.category };
        current.outcome.sends.push(sent);
        return { messageId: request.idempotencyKey, status: 'sent' };
      },
    },
    groups: { changeMembership: async () => ({ status: 'simulated' }) },
    http: {
      async request({ method, url }) {
        // Method and URL only: headers and bodies carry secrets the test-run timeline must not show.
        current.outcome.request = { method, url };
        return { status: 200, body: {} };
      },
    },
    tasks: { create: async (request) => ({ taskId: request.idempotencyKey }) },
    journeys: { enroll: async () => ({ enrolled: false, reason: 'not simulated: another journey' }) },
  };
}

/**
 * Runs the real action nodes against a simulated contact: the same `execute` the worker calls,
 * with services that record the effects instead of writing to MongoDB, and, given the
 * workspace's messaging policy, the same guardrails. One semantics, two drivers.
 * The idempotency key (and so a simulated task id) is `simulation/<contact>/<node>/<visit>`.
 */
export function simulateActions(actions: { action(type: string): AnyActionNodeSpec | undefined }, options: { policy?: MessagingPolicy } = {}): SimulateAction {
  // Plan configs were parsed by compile(); parse each config object once more with the node's
  // own schema (the simulator may be handed a plan from elsewhere) and reuse it for every contact.
  const parsed = new WeakMap<Record<string, unknown>, unknown>();
  const current: Current = { contact: { traits: {}, tags: [] }, outcome: { tags: { add: [], remove: [] }, sends: [] } };
  const services = recordingServices(current, options.policy ? simulatedGuardrails(options.policy) : undefined);
  return async (command, contact, { contactId, visit, nowMs }) => {
    const spec = actions.action(command.nodeType);
    if (!spec) throw new SimulationError(`no action node "${command.nodeType}" to simulate`);
    let config = parsed.get(command.config);
    if (config === undefined) {
      const result = spec.config.safeParse(command.config);
      if (!result.success) throw new SimulationError(`invalid config for ${command.nodeType} at node "${command.nodeId}"`);
      config = result.data;
      parsed.set(command.config, config);
    }
    const recording: Recording = { tags: { add: [], remove: [] }, sends: [] };
    current.contact = contact;
    current.outcome = recording;
    const result = await spec.execute(config, {
      workspaceId: 'simulation',
      contactId,
      idempotencyKey: `simulation/${contactId}/${command.nodeId}/${visit}`,
      nowMs,
      finalAttempt: false,
      firstRun: visit === 1,
      services,
    });
    const { request, ...outcome } = recording;
    const output = request ? { ...result.output, request } : result.output;
    return {
      ...outcome,
      ...(result.port ? { port: result.port } : {}),
      ...(output ? { output } : {}),
      ...(result.waitFor ? { waitFor: result.waitFor } : {}),
      ...(result.defer ? { defer: result.defer } : {}),
    };
  };
}
