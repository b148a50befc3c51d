import { CliError } from './load-json';

/** A refusal from the API: its status, and the problem+json body's words. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: { message: string; nodeId?: string; field?: string; code?: string }[] },
  ) {
    super(problem.detail ? `${problem.title ?? status}: ${problem.detail}` : (problem.title ?? `HTTP ${status}`));
  }
}

/**
 * The API as the CLI reaches it: `TRELLIS_API_URL` (the dev stack's by default) with the workspace
 * key in `TRELLIS_API_KEY` (an admin-scope key: drafts and publishing).
 */
export function apiFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const base = (env.TRELLIS_API_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const key = env.TRELLIS_API_KEY;
  if (!key) throw new CliError('set TRELLIS_API_KEY to a workspace API key (admin scope) to talk to the API');
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new CliError(`cannot reach the API at ${base} (TRELLIS_API_URL): ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) throw new ApiRefusal(response.status, (parsed ?? {}) as ApiRefusal['problem']);
    return parsed as T;
  }
  return {
    base,
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  };
}

export type CliApi = ReturnType<typeof apiFromEnv>;
