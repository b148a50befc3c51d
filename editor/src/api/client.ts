import type { JourneyDefinition, NodeDescriptor } from '@trellis/journey';

export interface JourneySummary {
  id: string;
  name: string;
  status: 'draft' | 'active' | 'paused' | 'archived';
  publishedVersion: number | null;
  updatedAt?: string;
}

export interface JourneyDetail extends JourneySummary {
  draft: JourneyDefinition;
}

/** An API error, carrying the problem+json body's title and detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

export function createApiClient(apiKey: string) {
  async function get<T>(path: string): Promise<T> {
    const response = await fetch(path, { headers: { authorization: `Bearer ${apiKey}` } });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as { title?: string; detail?: string };
      throw new ApiError(response.status, problem.title ?? response.statusText, problem.detail);
    }
    return (await response.json()) as T;
  }
  return {
    listJourneys: () => get<{ journeys: JourneySummary[] }>('/v1/journeys').then((body) => body.journeys),
    getJourney: (id: string) => get<JourneyDetail>(`/v1/journeys/${encodeURIComponent(id)}`),
    listNodeTypes: () => get<{ nodes: NodeDescriptor[] }>('/v1/nodes').then((body) => body.nodes),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
