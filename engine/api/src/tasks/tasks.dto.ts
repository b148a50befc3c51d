import { taskStatuses } from '@trellis/runtime';
import { z } from 'zod';

export const listTasksQuery = z.strictObject({
  status: z.enum(taskStatuses).optional(),
  queue: z.string().trim().min(1).max(100).optional(),
  mine: z.enum(['true', 'false']).optional().describe('Only the tasks claimed by whoever asks'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

export const taskNoteBody = z.strictObject({ text: z.string().trim().min(1, 'write something').max(4000) });
export type TaskNoteBody = z.infer<typeof taskNoteBody>;

export const resolveTaskBody = z.strictObject({
  resolution: z.string().trim().min(1, 'say how it ended, e.g. "refunded"').max(200).describe('How the case ended; journeys waiting on it see it as `properties.resolution`.'),
  note: z.string().trim().min(1).max(4000).optional(),
});
export type ResolveTaskBody = z.infer<typeof resolveTaskBody>;
