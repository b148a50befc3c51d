import { groupStages } from './groups.dto';

const dayMs = 86_400_000;
/** A group is new for its first week. */
export const newGroupDays = 7;
/** A group with no message for two weeks is dormant. */
export const dormantAfterDays = 14;

export type GroupStage = (typeof groupStages)[number];

/** Where a group is in its life: operators run new, active and dormant groups differently. */
export function groupStage(group: { createdAt?: Date; lastMessageAt?: Date | null }, nowMs: number): GroupStage {
  if (group.createdAt && nowMs - group.createdAt.getTime() < newGroupDays * dayMs) return 'new';
  if (group.lastMessageAt && nowMs - group.lastMessageAt.getTime() < dormantAfterDays * dayMs) return 'active';
  return 'dormant';
}

/** The same test as a filter on groups (missing `lastMessageAt` matches `null`). */
export function stageFilter(stage: GroupStage, nowMs: number): Record<string, unknown> {
  const newSince = new Date(nowMs - newGroupDays * dayMs);
  const activeSince = new Date(nowMs - dormantAfterDays * dayMs);
  if (stage === 'new') return { createdAt: { $gt: newSince } };
  if (stage === 'active') return { createdAt: { $lte: newSince }, lastMessageAt: { $gt: activeSince } };
  return { createdAt: { $lte: newSince }, $or: [{ lastMessageAt: null }, { lastMessageAt: { $lte: activeSince } }] };
}
