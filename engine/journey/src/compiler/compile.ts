import { z } from 'zod';
import { Catalogue } from '../catalogue';
import { journeyDefinition, JourneyNode } from '../definition';
import { AnyNodeSpec } from '../node-definition';
import { Plan, PlanNode } from '../plan';
import { portsOf } from '../ports';
import { journeySettings } from '../settings';
import { CompileError, CompileErrorCode, compileErrorCodes } from './compile-error';
import { contentHash } from './hash';

export type CompileResult = { ok: true; plan: Plan } | { ok: false; errors: CompileError[] };

function issuePath(path: readonly PropertyKey[]): string | undefined {
  return path.length ? path.map(String).join('.') : undefined;
}

/**
 * The error code for a config issue: a schema can name one (`params.compileCode`, e.g. split
 * weights), and a missing timeout gets its own, since waiting forever is the mistake to explain.
 */
function configErrorCode(issue: z.core.$ZodIssue, config: Record<string, unknown>): CompileErrorCode {
  const named = issue.code === 'custom' ? (issue.params as { compileCode?: unknown } | undefined)?.compileCode : undefined;
  if (typeof named === 'string' && named in compileErrorCodes) return named as CompileErrorCode;
  if (issue.path.length === 1 && issue.path[0] === 'timeout' && config['timeout'] === undefined) return 'missing_timeout';
  return 'invalid_config';
}

/** zod says "Invalid input: expected string, received undefined" for a missing value; people say "required". */
function issueMessage(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? `required (${issue.expected})` : issue.message;
}

/**
 * Turns a draft journey (untrusted JSON) into a plan, or into every error a user can act on.
 * Never throws for bad input: errors are data.
 */
export function compile(input: unknown, catalogue: Catalogue): CompileResult {
  const parsed = journeyDefinition.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        code: 'invalid_definition',
        message: issue.message,
        field: issuePath(issue.path),
      })),
    };
  }
  const definition = parsed.data;
  const errors: CompileError[] = [];
  const settingsResult = journeySettings.safeParse(definition.settings ?? {});
  if (!settingsResult.success) {
    for (const issue of settingsResult.error.issues) {
      errors.push({ code: 'invalid_settings', field: issuePath(['settings', ...issue.path]), message: issueMessage(issue) });
    }
  }
  // Nodes with a bad config stay in the graph so their edges are still checked.
  const nodes = new Map<string, { node: JourneyNode; spec: AnyNodeSpec; ports: string[]; config?: Record<string, unknown> }>();

  for (const node of definition.nodes) {
    if (nodes.has(node.id)) {
      errors.push({ code: 'duplicate_node_id', nodeId: node.id, message: `node id "${node.id}" is used more than once` });
      continue;
    }
    const spec = catalogue.get(node.type);
    if (!spec) {
      errors.push({ code: 'unknown_node_type', nodeId: node.id, message: `unknown node type "${node.type}"` });
      continue;
    }
    const config = (spec.config as z.ZodType).safeParse(node.config);
    if (!config.success) {
      for (const issue of config.error.issues) {
        errors.push({ code: configErrorCode(issue, node.config), nodeId: node.id, field: issuePath(issue.path), message: issueMessage(issue) });
      }
      nodes.set(node.id, { node, spec, ports: portsOf(spec.ports, node.config) });
      continue;
    }
    nodes.set(node.id, { node, spec, ports: portsOf(spec.ports, config.data), config: config.data as Record<string, unknown> });
  }

  const declaredIds = new Set(definition.nodes.map((node) => node.id));
  const next = new Map<string, Record<string, string>>();
  const incoming = new Map<string, number>();
  // Edges out of nodes of unknown type cannot be checked, but still carry reachability, so one
  // unknown node does not also make everything after it "unreachable".
  const uncheckedNext = new Map<string, string[]>();
  for (const edge of definition.edges) {
    const from = nodes.get(edge.from);
    if (!declaredIds.has(edge.from)) {
      errors.push({ code: 'dangling_edge', nodeId: edge.from, message: `an edge leaves from missing node "${edge.from}"` });
      continue;
    }
    if (!declaredIds.has(edge.to)) {
      errors.push({ code: 'dangling_edge', nodeId: edge.from, message: `port "${edge.port}" points at missing node "${edge.to}"` });
      continue;
    }
    if (!from) {
      uncheckedNext.set(edge.from, [...(uncheckedNext.get(edge.from) ?? []), edge.to]);
      continue; // its own error is already reported
    }
    if (!from.ports.includes(edge.port)) {
      errors.push({
        code: 'unknown_port',
        nodeId: edge.from,
        message: `"${from.spec.title}" has no port "${edge.port}" (ports: ${from.ports.join(', ') || 'none'})`,
      });
      continue;
    }
    const ports = next.get(edge.from) ?? {};
    if (ports[edge.port] !== undefined) {
      errors.push({ code: 'duplicate_port_edge', nodeId: edge.from, message: `port "${edge.port}" is connected more than once` });
      continue;
    }
    ports[edge.port] = edge.to;
    next.set(edge.from, ports);
    incoming.set(edge.to, (incoming.get(edge.to) ?? 0) + 1);
  }

  const triggers = [...nodes.values()].filter((n) => n.spec.category === 'trigger');
  if (triggers.length === 0) {
    errors.push({ code: 'no_trigger', message: 'add a trigger so contacts can enter the journey' });
  }
  for (const extra of triggers.slice(1)) {
    errors.push({ code: 'multiple_triggers', nodeId: extra.node.id, message: 'a journey has exactly one trigger' });
  }
  for (const trigger of triggers) {
    if (incoming.has(trigger.node.id)) {
      errors.push({ code: 'trigger_has_incoming', nodeId: trigger.node.id, message: 'no edge may lead into a trigger' });
    }
  }

  for (const { node, spec, ports: declared } of nodes.values()) {
    const ports = next.get(node.id) ?? {};
    for (const port of declared) {
      if (ports[port] === undefined) {
        errors.push({ code: 'unconnected_port', nodeId: node.id, message: `port "${port}" of "${spec.title}" leads nowhere` });
      }
    }
  }

  const trigger = triggers[0];
  if (trigger) {
    const reached = new Set<string>();
    const queue = [trigger.node.id];
    while (queue.length) {
      const id = queue.pop()!;
      if (reached.has(id)) continue;
      reached.add(id);
      queue.push(...Object.values(next.get(id) ?? {}), ...(uncheckedNext.get(id) ?? []));
    }
    for (const { node } of nodes.values()) {
      if (!reached.has(node.id)) {
        errors.push({ code: 'unreachable_node', nodeId: node.id, message: 'no path from the trigger reaches this node' });
      }
    }
  }

  const loopNode = findCycleWithoutWait(nodes, next);
  if (loopNode) {
    errors.push({
      code: 'cycle_without_wait',
      nodeId: loopNode,
      message: 'this node is on a loop with no wait that always waits (a condition or date wait may pass at once)',
    });
  }

  const entry = trigger?.config ? trigger.spec.enrolsOn?.(trigger.config) : undefined;
  const settings = settingsResult.data;
  if (settings?.goal && entry?.events?.includes(settings.goal.event) && !settings.goal.where) {
    errors.push({ code: 'goal_is_trigger', field: 'settings.goal.event', message: `"${settings.goal.event}" enrols contacts, so it cannot also be the goal` });
  }

  if (errors.length || !trigger || !settings) return { ok: false, errors };

  const planNodes: Record<string, PlanNode> = {};
  const listened = new Set<string>([
    ...(settings.goal ? [settings.goal.event] : []),
    ...(settings.exitCriteria?.events ?? []).map((match) => match.event),
  ]);
  let contactChanges = settings.exitCriteria?.when !== undefined;
  // Exit criteria may test the contact, and an action's send window is read in the contact's zone.
  let readsContact = settings.exitCriteria?.when !== undefined;
  for (const { node, spec, config = {} } of nodes.values()) {
    planNodes[node.id] = { id: node.id, type: spec.type, category: spec.category, config, next: next.get(node.id) ?? {} };
    spec.listensTo?.(config).forEach((event) => listened.add(event));
    contactChanges ||= spec.watchesContact === true;
    readsContact ||= spec.readsContact === true || config['sendWindow'] !== undefined;
  }
  const body = {
    formatVersion: 1 as const,
    name: definition.name,
    triggerNodeId: trigger.node.id,
    settings,
    nodes: planNodes,
    entryEvents: [...(entry?.events ?? [])].sort(),
    listensTo: { events: [...listened].sort(), segments: [...(entry?.segments ?? [])].sort(), schedules: [...(entry?.schedules ?? [])], contactChanges },
    readsContact,
  };
  return { ok: true, plan: { ...body, hash: contentHash(body) } };
}

/** Returns a node on a loop that passes through no wait node, if there is one. */
function findCycleWithoutWait(
  nodes: ReadonlyMap<string, { spec: AnyNodeSpec; config?: Record<string, unknown> }>,
  next: ReadonlyMap<string, Record<string, string>>,
): string | undefined {
  const state = new Map<string, 'open' | 'done'>();
  // Only a wait that always waits breaks a loop; one that may pass at once would let it spin.
  const isWait = (id: string) => {
    const node = nodes.get(id);
    return node?.spec.category === 'wait' && !(node.config && node.spec.mayPassAtOnce?.(node.config));
  };
  const visit = (id: string): string | undefined => {
    state.set(id, 'open');
    for (const to of Object.values(next.get(id) ?? {})) {
      if (isWait(to) || !nodes.has(to)) continue;
      const seen = state.get(to);
      if (seen === 'open') return to;
      if (seen === undefined) {
        const found = visit(to);
        if (found) return found;
      }
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of nodes.keys()) {
    if (!isWait(id) && state.get(id) === undefined) {
      const found = visit(id);
      if (found) return found;
    }
  }
  return undefined;
}
