import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Cursor } from '@trellis/journey';
import type { PlanOpening } from './plan-opening';

/** What a journey workflow is started with: small, so every history stays small. */
export interface EnrollmentInput {
  workspaceId: string;
  journeyId: string;
  contactId: string;
  /** The published version the enrolment is pinned to, and its plan hash as a check. */
  version: number;
  planHash: string;
  /**
   * The stretch of the plan from the trigger, as the API read it when it enrolled the contact:
   * a new enrolment acts in its first workflow task instead of loading it first. Enrolments
   * started without it load it (`openPlan`), as does every run that continued as new.
   */
  opening?: PlanOpening;
  /** Where a run that continued as new picks up: the previous run's state. */
  carried?: CarriedState;
  /** Continue as new once the history passes this many events (lower in tests). */
  historyLimit?: number;
}

/** What a journey run hands the next one when its history grows long: enough to go on exactly. */
export interface CarriedState {
  /** The cursor of the wait the run was about to begin, and when that wait ends. */
  cursor: Cursor;
  waitUntilMs: number;
  visits: [string, number][];
  inbox: string[];
  /** Ids of the latest events delivered, so a late duplicate still counts once. */
  delivered: string[];
  paused: boolean;
  enrolledAtMs: number;
  /** The enrolment counts its steps into the journey's stats (see `StepLog`): the number of its next step, its arms, whether it converted. */
  counting?: true;
  nextSeq?: number;
  arms?: Record<string, string>;
  converted?: boolean;
}

export const defaultTaskQueue = 'trellis-journeys';
export const journeyWorkflowType = 'journeyWorkflow';

/** Registered on the Temporal namespace by the dev stack (and by operators in production). */
export const searchAttributeKeys = {
  workspaceId: defineSearchAttributeKey('TrellisWorkspaceId', SearchAttributeType.KEYWORD),
  journeyId: defineSearchAttributeKey('TrellisJourneyId', SearchAttributeType.KEYWORD),
  contactId: defineSearchAttributeKey('TrellisContactId', SearchAttributeType.KEYWORD),
  nodeId: defineSearchAttributeKey('TrellisNodeId', SearchAttributeType.KEYWORD),
} as const;

/**
 * The enrolment's workflow id. The first enrolment of a contact in a journey has no sequence;
 * re-entries add theirs. Two racing starts of the same enrolment compute the same id, so
 * Temporal's id policy lets only one run.
 */
export function enrollmentWorkflowId(ref: Pick<EnrollmentInput, 'workspaceId' | 'journeyId' | 'contactId'>, seq = 1): string {
  const base = `w:${ref.workspaceId}:j:${ref.journeyId}:c:${ref.contactId}`;
  return seq > 1 ? `${base}:e:${seq}` : base;
}
