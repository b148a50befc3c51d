import { isDeepStrictEqual } from './deep-equal';
import type { JourneyDefinition, JourneyEdge, JourneyNode } from '../definition';

export interface ChangedNode {
  id: string;
  /** Top-level config keys whose value changed, and `type` when the node's type did. */
  fields: string[];
}

/**
 * What changed between two versions of a journey, node by node: what the editor highlights and
 * what a reviewer reads. Positions are layout, not behaviour, so they are reported apart.
 */
export interface JourneyDiff {
  added: string[];
  removed: string[];
  changed: ChangedNode[];
  moved: string[];
  edgesAdded: JourneyEdge[];
  edgesRemoved: JourneyEdge[];
  renamed?: { from: string; to: string };
  settingsChanged: boolean;
}

const edgeId = (edge: JourneyEdge) => `${edge.from}\0${edge.port}\0${edge.to}`;

function changedFields(before: JourneyNode, after: JourneyNode): string[] {
  const fields = before.type === after.type ? [] : ['type'];
  const keys = [...new Set([...Object.keys(before.config), ...Object.keys(after.config)])].sort();
  for (const key of keys) if (!isDeepStrictEqual(before.config[key], after.config[key])) fields.push(key);
  return fields;
}

export function diffJourneys(before: JourneyDefinition, after: JourneyDefinition): JourneyDiff {
  const beforeNodes = new Map(before.nodes.map((node) => [node.id, node]));
  const afterNodes = new Map(after.nodes.map((node) => [node.id, node]));
  const diff: JourneyDiff = {
    added: after.nodes.filter((node) => !beforeNodes.has(node.id)).map((node) => node.id),
    removed: before.nodes.filter((node) => !afterNodes.has(node.id)).map((node) => node.id),
    changed: [],
    moved: [],
    edgesAdded: [],
    edgesRemoved: [],
    settingsChanged: !isDeepStrictEqual(before.settings ?? {}, after.settings ?? {}),
  };
  for (const node of after.nodes) {
    const old = beforeNodes.get(node.id);
    if (!old) continue;
    const fields = changedFields(old, node);
    if (fields.length > 0) diff.changed.push({ id: node.id, fields });
    if (!isDeepStrictEqual(old.position, node.position)) diff.moved.push(node.id);
  }
  const beforeEdges = new Set(before.edges.map(edgeId));
  const afterEdges = new Set(after.edges.map(edgeId));
  diff.edgesAdded = after.edges.filter((edge) => !beforeEdges.has(edgeId(edge)));
  diff.edgesRemoved = before.edges.filter((edge) => !afterEdges.has(edgeId(edge)));
  if (before.name !== after.name) diff.renamed = { from: before.name, to: after.name };
  return diff;
}

/** Whether two versions behave alike: nothing but positions differ. */
export function sameBehaviour(diff: JourneyDiff): boolean {
  return (
    diff.added.length + diff.removed.length + diff.changed.length + diff.edgesAdded.length + diff.edgesRemoved.length === 0 &&
    !diff.settingsChanged &&
    !diff.renamed
  );
}

/** The diff as lines a reviewer reads, e.g. `~ wait_1: amount, unit`. */
export function formatJourneyDiff(diff: JourneyDiff): string[] {
  const edge = (e: JourneyEdge) => `${e.from} -[${e.port}]-> ${e.to}`;
  return [
    ...(diff.renamed ? [`name: "${diff.renamed.from}" → "${diff.renamed.to}"`] : []),
    ...(diff.settingsChanged ? ['~ settings'] : []),
    ...diff.added.map((id) => `+ ${id}`),
    ...diff.removed.map((id) => `- ${id}`),
    ...diff.changed.map((node) => `~ ${node.id}: ${node.fields.join(', ')}`),
    ...diff.edgesAdded.map((e) => `+ ${edge(e)}`),
    ...diff.edgesRemoved.map((e) => `- ${edge(e)}`),
  ];
}
