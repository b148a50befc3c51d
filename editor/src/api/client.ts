import type { JourneyDefinition, NodeDescriptor } from '@trellis/journey';

/** An API error, carrying the problem+json body's title, detail and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly body?: unknown,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

/** How the editor proves who it is: a workspace API key, or an operator's session in one workspace. */
export type Credentials = { kind: 'apiKey'; apiKey: string } | { kind: 'session'; token: string; workspaceId: string };

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Raw bodies (CSV uploads) go as they are, with this content type. */
  contentType?: string;
  signal?: AbortSignal;
}

function headersFor(credentials: Credentials): Record<string, string> {
  return credentials.kind === 'apiKey'
    ? { authorization: `Bearer ${credentials.apiKey}` }
    : { authorization: `Bearer ${credentials.token}`, 'x-trellis-workspace': credentials.workspaceId };
}

function withQuery(path: string, query: RequestOptions['query']): string {
  const entries = Object.entries(query ?? {}).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined);
  if (entries.length === 0) return path;
  return `${path}?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString()}`;
}

/** One request to the API on the editor's own origin (the dev and preview servers forward /v1). */
export async function apiRequest<T>(credentials: Credentials | undefined, method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = credentials ? headersFor(credentials) : {};
  let body: BodyInit | undefined;
  if (options.contentType) {
    headers['content-type'] = options.contentType;
    body = options.body as BodyInit;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(withQuery(path, options.query), { method, headers, body, signal: options.signal });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { title?: string; detail?: string };
    throw new ApiError(response.status, problem.title ?? response.statusText, problem.detail, problem);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

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

export interface CatalogueResponse {
  nodes: NodeDescriptor[];
  settingsSchema: Record<string, unknown>;
}

export function createApiClient(credentials: Credentials) {
  const request = <T,>(method: string, path: string, options?: RequestOptions) => apiRequest<T>(credentials, method, path, options);
  const journey = (id: string) => `/v1/journeys/${encodeURIComponent(id)}`;
  return {
    credentials,
    request,
    get: <T,>(path: string, query?: RequestOptions['query']) => request<T>('GET', path, { query }),
    post: <T,>(path: string, body?: unknown) => request<T>('POST', path, { body }),
    put: <T,>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
    patch: <T,>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
    delete: <T,>(path: string) => request<T>('DELETE', path),
    listJourneys: () => request<{ journeys: JourneySummary[] }>('GET', '/v1/journeys').then((body) => body.journeys),
    getJourney: (id: string) => request<JourneyDetail>('GET', journey(id)),
    catalogue: () => request<CatalogueResponse>('GET', '/v1/nodes'),
    journeyPath: journey,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
