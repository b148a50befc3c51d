/** Work the journey worker's workflows hand to the API's own activity worker (it sends events, which enrol). */

/** What a segment sweep works on; its Temporal Schedule passes it to every run. */
export interface SegmentSweepInput {
  workspaceId: string;
  segment: string;
  /** The API's activity task queue: the sweep's work sends events that enrol, which the API does. */
  activityQueue: string;
}

export interface SweepResult {
  entered: number;
  left: number;
  announced: number;
}

export interface SegmentSweepActivities {
  sweepSegment(input: SegmentSweepInput): Promise<SweepResult>;
}

export const segmentSweepWorkflowType = 'segmentSweepWorkflow';

/** One Temporal Schedule per segment. */
export const segmentSweepScheduleId = (workspaceId: string, segment: string) => `segment-sweep:${workspaceId}:${segment}`;

/** A contact import's pass over its stored file, on the API's activity queue. */
export interface ContactImportInput {
  workspaceId: string;
  importId: string;
  activityQueue: string;
}

export interface ContactImportActivities {
  importContacts(input: ContactImportInput): Promise<{ rowsDone: number; failed: number }>;
}

export const contactImportWorkflowType = 'contactImportWorkflow';
export const contactImportWorkflowId = (importId: string) => `contact-import:${importId}`;
