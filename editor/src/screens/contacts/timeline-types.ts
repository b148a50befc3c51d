/** One line of `GET /v1/contacts/:externalId/timeline` → `entries`, in time order. */
export type TimelineEntry =
  | { at: string; type: 'enrolled'; journeyId: string; workflowId: string; version: number; source: string | null; temporalUrl: string | null }
  | { at: string; type: 'entered' | 'action' | 'arm' | 'goal' | 'exited'; journeyId: string; workflowId: string; nodeId: string; output?: unknown }
  | {
      at: string;
      type: 'message';
      journeyId: string | null;
      nodeId: string | null;
      messageId: string;
      channel: string;
      template: string;
      status: string;
      reason: string | null;
    };

export interface Timeline {
  contact: string;
  entries: TimelineEntry[];
}
