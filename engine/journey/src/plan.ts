import { NodeCategory } from './node-definition';

export interface PlanNode {
  id: string;
  type: string;
  category: NodeCategory;
  /** Config as parsed by the node's schema, defaults applied. */
  config: Record<string, unknown>;
  /** Port name → id of the next node. */
  next: Record<string, string>;
}

/**
 * The immutable, validated form of a journey that enrolments run. Identified by its content
 * hash, so two publishes of the same graph yield the same plan.
 */
export interface Plan {
  formatVersion: 1;
  hash: string;
  name: string;
  triggerNodeId: string;
  nodes: Record<string, PlanNode>;
  /** What the runtime must route to enrolments of this plan. */
  listensTo: { events: string[] };
  /** Event names that enrol a contact. */
  entryEvents: string[];
}
