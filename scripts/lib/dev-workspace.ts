import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot } from './paths';

export function adminToken(dataDir: string): string {
  if (process.env.TRELLIS_ADMIN_TOKEN) return process.env.TRELLIS_ADMIN_TOKEN;
  const file = join(dataDir, 'admin-token');
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

interface DevWorkspace {
  workspaceId: string;
  apiKey: string;
  /** The admin operator who signs in to the editor (absent when that email was taken already). */
  operator?: { email: string; password: string };
}

const devEmail = 'dev@trellis.local';

async function call(apiUrl: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/**
 * The workspace the dev stack opens the editor on. Created once (with the example journey from
 * workflows/ published in it) and remembered under .data/, so a second start shows the same data.
 */
export async function ensureDevWorkspace(apiUrl: string, dataDir: string, admin: string): Promise<DevWorkspace> {
  const file = join(dataDir, 'dev-workspace.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DevWorkspace;
    if ((await call(apiUrl, '/v1/workspaces/current', saved.apiKey)).status === 200) return saved;
  }
  const operator = { email: devEmail, password: randomBytes(12).toString('base64url') };
  let created = await call(apiUrl, '/v1/workspaces', admin, { name: 'Dev workspace', owner: { ...operator, name: 'Dev admin' } });
  // The operator outlived an earlier dev workspace: a new workspace, without them.
  const ownerTaken = created.status === 409;
  if (ownerTaken) created = await call(apiUrl, '/v1/workspaces', admin, { name: 'Dev workspace' });
  if (created.status !== 201) throw new Error(`cannot create the dev workspace: ${JSON.stringify(created.json)}`);
  const { workspace, apiKey } = created.json as { workspace: { id: string }; apiKey: { key: string } };
  const saved: DevWorkspace = { workspaceId: workspace.id, apiKey: apiKey.key, ...(ownerTaken ? {} : { operator }) };

  const example = JSON.parse(readFileSync(join(repoRoot, 'workflows/welcome-series.json'), 'utf8')) as { journey: unknown };
  const journey = await call(apiUrl, '/v1/journeys', saved.apiKey, example.journey);
  if (journey.status !== 201) throw new Error(`cannot create the example journey: ${JSON.stringify(journey.json)}`);
  const journeyId = (journey.json as { id: string }).id;
  const published = await call(apiUrl, `/v1/journeys/${journeyId}/publish`, saved.apiKey, { note: 'example from workflows/' });
  if (published.status !== 200) throw new Error(`cannot publish the example journey: ${JSON.stringify(published.json)}`);

  writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
  return saved;
}
