import { NodeCategory } from './node-definition';
import { JourneySettings } from './settings';
import { Schedule } from './time/schedule';

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
  /** Journey-level rules, defaults applied. */
  settings: JourneySettings;
  nodes: Record<string, PlanNode>;
  /** Event names that may enrol a contact (the trigger still filters them: `matchTrigger`). */
  entryEvents: string[];
  /** What the runtime must route to enrolments of this plan. */
  listensTo: {
    /** Events that running enrolments react to: waits, goal, exit criteria. */
    events: string[];
    /** Segments whose entrants (or, on a schedule, members) this journey enrols. */
    segments: string[];
    /** When a scheduled journey enrols: the runtime keeps one Temporal Schedule per entry. */
    schedules: Schedule[];
    /** Whether running enrolments re-check the contact whenever it changes (condition waits, exit rules). */
    contactChanges: boolean;
  };
  /**
   * Whether stepping the plan reads the contact (its zone, traits, tags or events), so a driver
   * that must fetch the contact (the Temporal workflow) knows whether to. Absent in plans
   * published before it was recorded: read the contact then.
   */
  readsContact?: boolean;
}
