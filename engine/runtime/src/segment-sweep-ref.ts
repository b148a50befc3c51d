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
