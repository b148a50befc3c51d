import { StatCounts } from '@trellis/journey';
import { Schema } from 'mongoose';

/**
 * A batch of steps counted (`StatCounts`), waiting to be folded into its day's totals, keyed by
 * the id of the batch's first step. Written by the worker as it logs steps; folded and deleted
 * by `journeyStatsStore.fold`.
 */
export const statInboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    journeyId: { type: String, required: true },
    version: { type: Number, required: true },
    /** The UTC day (`YYYY-MM-DD`) of the batch's first step: the totals it counts towards. */
    day: { type: String, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'journey_stat_inbox', minimize: false },
);

export interface StatInbox {
  _id: string;
  workspaceId: string;
  journeyId: string;
  version: number;
  day: string;
  counts: StatCounts;
}

/**
 * A journey version's totals for one UTC day, keyed `journeyId:version:day`: the counts of
 * every batch folded into it. `pending` lists batches added whose first steps are not yet marked
 * counted (a fold interrupted between the two; the next fold finishes them).
 */
export const journeyStatsSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String },
    journeyId: { type: String },
    version: { type: Number },
    day: { type: String },
    enrolled: { type: Number },
    goals: { type: Number },
    nodes: { type: Schema.Types.Mixed },
    exits: { type: Schema.Types.Mixed },
    arms: { type: Schema.Types.Mixed },
    convertAfter: { type: Schema.Types.Mixed },
    pending: { type: [String], default: undefined },
    /** On a journey's lease document (`lease:<journeyId>`): who folds it, until when. */
    owner: { type: String },
    until: { type: Date },
  },
  { collection: 'journey_stats', minimize: false },
);
journeyStatsSchema.index({ journeyId: 1 });

export interface JourneyDayStats extends Partial<StatCounts> {
  _id: string;
  workspaceId?: string;
  journeyId?: string;
  version?: number;
  day?: string;
  pending?: string[];
  owner?: string;
  until?: Date;
}
