import { resolve } from 'node:path';
import { z } from 'zod';

const apiConfigSchema = z.object({
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z.string().min(1).default('mongodb://127.0.0.1:27117/trellis'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('trellis-journeys'),
  /** Where the API's own activities (segment sweeps) are run; `<TEMPORAL_TASK_QUEUE>-api` by default. */
  TEMPORAL_API_TASK_QUEUE: z.string().min(1).optional(),
  TEMPORAL_UI_URL: z.string().url().optional(),
  TRELLIS_ADMIN_TOKEN: z.string().min(16, 'TRELLIS_ADMIN_TOKEN must be at least 16 characters').optional(),
  /** How long an operator stays signed in. */
  TRELLIS_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** Where people and providers reach the API (unsubscribe links, delivery callbacks); `http://API_HOST:API_PORT` by default. */
  TRELLIS_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'TRELLIS_PUBLIC_URL must be an http:// or https:// URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Requests per minute each API key or operator may make (sign-in attempts: per client address, far fewer). */
  /** The journey template library served to the editor's gallery; the repository's workflows/ by default. */
  TRELLIS_TEMPLATES_DIR: z.string().min(1).optional(),
  /** A folder of custom node files (`*.ts`, `*.js`), loaded at start; see "Add a node in one file" in the README. */
  TRELLIS_NODES_DIR: z.string().min(1).optional(),
  /** npm packages of custom nodes, comma-separated. */
  TRELLIS_NODES: z.string().optional(),
  TRELLIS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30_000),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export function publicUrl(config: ApiConfig): string {
  return config.TRELLIS_PUBLIC_URL ?? `http://${config.API_HOST}:${config.API_PORT}`;
}

export function apiActivityQueue(config: ApiConfig): string {
  return config.TEMPORAL_API_TASK_QUEUE ?? `${config.TEMPORAL_TASK_QUEUE}-api`;
}

export function templatesDir(config: ApiConfig): string {
  // src/config and dist/config sit at the same depth below the repository root.
  return config.TRELLIS_TEMPLATES_DIR ?? resolve(__dirname, '../../../../workflows');
}

/** Nest injection token for the parsed configuration. */
export const API_CONFIG = Symbol('API_CONFIG');

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = apiConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
