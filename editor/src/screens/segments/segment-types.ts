import type { Rule } from '@trellis/journey';
import type { Contact } from '../contacts/contact-types';

/** A segment as the API shows it (engine/api/src/segments/segments.service.ts); `members` only on `GET /:key`. */
export interface Segment {
  key: string;
  name: string;
  description: string | null;
  rule: Rule;
  sweepMinutes: number;
  members?: number;
  lastSweep: { at: string; matched: number; entered: number; left: number } | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface SegmentPreviewResult {
  count: number;
  sample: Contact[];
  at: string;
}

export interface MembersPage {
  members: { enteredAt: string | null; contact: Contact }[];
  next: string | null;
}

export function segmentPath(key: string): string {
  return `/v1/segments/${encodeURIComponent(key)}`;
}

/** The API's rule for keys: journeys name the segment by it. */
export const segmentKeyPattern = /^[a-z0-9][a-z0-9_-]{0,99}$/;
