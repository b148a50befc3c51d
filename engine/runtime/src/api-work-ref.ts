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

/** A `trigger.schedule` journey's broadcast: its Temporal Schedule starts one per firing. */
export interface BroadcastInput {
  workspaceId: string;
  journeyId: string;
  activityQueue: string;
}

/** Contacts a firing reaches at one instant: everyone, or those in some zones (per-contact time). */
export interface BroadcastWave {
  /** When the wave is due; its chunks are stored under it. */
  at: number;
  /** Stored recipient chunks of this wave, read one per batch. */
  chunks: number;
}

/** A firing's audience, frozen when it fires: the recipients are stored in chunks per wave. */
export interface BroadcastPlan {
  broadcastId: string;
  waves: BroadcastWave[];
}

export interface BroadcastTotals {
  enrolled: number;
  /** Recipients the journey's entry rules kept out (already in it, re-entry, audience, capacity). */
  skipped: number;
}

/** Where a broadcast is: carried across continue-as-new. */
export interface BroadcastProgress {
  plan: BroadcastPlan;
  wave: number;
  chunk: number;
  totals: BroadcastTotals;
}

export interface BroadcastBatchResult extends BroadcastTotals {
  /** Set when the journey stopped taking contacts (paused, archived, its trigger changed): the rest of the firing is dropped. */
  stopped?: string;
}

export interface BroadcastActivities {
  /** Freezes the audience of the firing at `firingAt`; undefined when the journey no longer broadcasts. */
  planBroadcast(input: BroadcastInput & { firingAt: number }): Promise<BroadcastPlan | undefined>;
  /** Enrols one stored chunk of recipients; idempotent, so a retried or replayed batch never enrols twice. */
  enrolBroadcastChunk(input: BroadcastInput & { broadcastId: string; waveAt: number; chunk: number; totals: BroadcastTotals }): Promise<BroadcastBatchResult>;
  finishBroadcast(input: BroadcastInput & { broadcastId: string; totals: BroadcastTotals; stopped?: string }): Promise<void>;
}

export const broadcastWorkflowType = 'broadcastWorkflow';
export const broadcastScheduleId = (workspaceId: string, journeyId: string) => `broadcast:${workspaceId}:${journeyId}`;
/** One per firing: enrolments it starts carry it as their cause, so a retried batch finds them started. */
export const broadcastId = (journeyId: string, firingAt: number) => `${journeyId}:${new Date(firingAt).toISOString()}`;
