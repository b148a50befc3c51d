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

/** One running enrolment per contact and journey: the id itself enforces it. */
export function enrollmentWorkflowId(ref: Pick<EnrollmentInput, 'workspaceId' | 'journeyId' | 'contactId'>): string {
  return `w:${ref.workspaceId}:j:${ref.journeyId}:c:${ref.contactId}`;
}
