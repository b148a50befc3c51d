import type { JourneyStats } from '@trellis/journey';

/**
 * What the live view reads from the API, typed as the API answers it (see
 * engine/api/src/analytics and engine/api/src/journeys). Kept here rather than in api/client.ts
 * so the live view can change without touching the shared client.
 */

/** Which counts: one published version or all, and UTC days (`YYYY-MM-DD`), inclusive. */
export interface LiveFilter {
  version?: number;
  from?: string;
  to?: string;
}

/** `GET /v1/journeys/:id/stats`. Waiting and active are over all time; every other number is the period's. */
export interface JourneyStatsResponse extends JourneyStats {
  journeyId: string;
  /** The version asked for, or null for every version summed. */
  version: number | null;
  /** Versions that have counts. */
  versions: number[];
  period: { from: string | null; to: string | null };
}

export type SplitExperiment = JourneyStats['experiments'][number];

/** `GET /v1/journeys/:id/versions`, newest first. */
export interface JourneyVersionsResponse {
  versions: { version: number; hash: string; note: string | null; publishedAt: string }[];
}

export const enrollmentStatuses = ['running', 'completed', 'failed'] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

/** One row of `GET /v1/journeys/:id/enrollments`. */
export interface EnrollmentRow {
  id: string;
  /** The contact's internal id (not the user id events are sent with). */
  contactId: string;
  /** The contact's user id, which the contact timeline is looked up by; only when the API sends it. */
  externalId?: string | null;
  workflowId: string;
  version: number;
  status: EnrollmentStatus;
  currentNodeId: string | null;
  enrolledAt: string;
  completedAt: string | null;
  exitReason: string | null;
  source: string | null;
  /** The workflow in the Temporal Web UI; null when the API has no Temporal UI configured. */
  temporalUrl: string | null;
}

export interface EnrollmentsResponse {
  enrollments: EnrollmentRow[];
}

/** The query string of a stats read: only what is set. */
export function filterQuery(filter: LiveFilter): Record<string, string | number | undefined> {
  return { version: filter.version, from: filter.from || undefined, to: filter.to || undefined };
}
