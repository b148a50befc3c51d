import type { ApiClient } from '../../api/client';

/** A hand-off as `GET /v1/tasks/{id}` shows it. */
export interface Task {
  id: string;
  contactId: string;
  /** The contact's user id (null for an anonymous contact): what the contacts screen addresses. */
  externalId: string | null;
  journeyId: string | null;
  nodeId: string | null;
  title: string;
  /** Why the journey handed the contact over (the hand-off node's note). */
  note: string | null;
  queue: string;
  priority: string;
  status: 'open' | 'claimed' | 'resolved';
  assignee: { id: string; name: string } | null;
  notes: { by: string; text: string; kind: 'response' | 'note'; at: string }[];
  resolution: string | null;
  createdAt: string;
  claimedAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  due: { firstResponseBy: string; resolveBy: string };
  escalations: { kind: 'first_response' | 'resolution'; at: string; priority: string }[];
}

export const priorities = ['urgent', 'high', 'normal', 'low'] as const;

/** Status filter: the API takes one status; "active" (open and claimed) asks for both. */
export const statusFilters = ['active', 'open', 'claimed', 'resolved', 'all'] as const;
export type StatusFilter = (typeof statusFilters)[number];

export interface TaskFilters {
  status: StatusFilter;
  /** Not an API filter: applied to the tasks listed. */
  priority: string;
  queue: string;
  mine: boolean;
}

export const defaultFilters: TaskFilters = { status: 'active', priority: '', queue: '', mine: false };

/** The most the API lists at once. */
export const listLimit = 200;

const statusesOf: Record<StatusFilter, (Task['status'] | undefined)[]> = {
  active: ['open', 'claimed'],
  open: ['open'],
  claimed: ['claimed'],
  resolved: ['resolved'],
  all: [undefined],
};

/**
 * The inbox, oldest first, as the API orders it. `truncated` says a status had more tasks than
 * the API lists at once, so the newest of them are not shown.
 */
export async function listTasks(api: ApiClient, filters: TaskFilters): Promise<{ tasks: Task[]; truncated: boolean }> {
  const queue = filters.queue.trim() || undefined;
  const pages = await Promise.all(
    statusesOf[filters.status].map((status) => api.get<{ tasks: Task[] }>('/v1/tasks', { status, queue, mine: filters.mine ? 'true' : undefined, limit: listLimit })),
  );
  const tasks = pages
    .flatMap((page) => page.tasks)
    .filter((task) => !filters.priority || task.priority === filters.priority)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return { tasks, truncated: pages.some((page) => page.tasks.length === listLimit) };
}

const taskPath = (id: string) => `/v1/tasks/${encodeURIComponent(id)}`;

export const tasksApi = {
  get: (api: ApiClient, id: string) => api.get<Task>(taskPath(id)),
  claim: (api: ApiClient, id: string) => api.post<Task>(`${taskPath(id)}/claim`),
  respond: (api: ApiClient, id: string, text: string) => api.post<Task>(`${taskPath(id)}/respond`, { text }),
  note: (api: ApiClient, id: string, text: string) => api.post<Task>(`${taskPath(id)}/notes`, { text }),
  resolve: (api: ApiClient, id: string, resolution: string, note?: string) => api.post<Task>(`${taskPath(id)}/resolve`, { resolution, ...(note ? { note } : {}) }),
};
