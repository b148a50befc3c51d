import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** What a journey workflow is started with: small, so every history stays small. */
export interface EnrollmentInput {
  workspaceId: string;
  journeyId: string;
  contactId: string;
  /** The published version the enrolment is pinned to, and its plan hash as a check. */
  version: number;
  planHash: string;
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
