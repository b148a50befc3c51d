/** Every setting of the embedded stack; README's configuration table lists the same variables. */
export interface StackConfig {
  apiPort: number;
  editorPort: number;
  temporalPort: number;
  temporalUiPort: number;
  temporalHttpPort: number;
  temporalMetricsPort: number;
  ferretdbPort: number;
  ferretdbDebugPort: number;
  temporalNamespace: string;
  /** Set: use that Temporal instead of starting one. */
  externalTemporal?: string;
  /** Set: use that MongoDB instead of starting FerretDB. */
  externalMongo?: string;
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name}=${raw} is not a port number (1–65535)`);
  return value;
}

export function stackConfigFromEnv(): StackConfig {
  return {
    apiPort: port('API_PORT', 3000),
    editorPort: port('EDITOR_PORT', 5173),
    temporalPort: port('TEMPORAL_PORT', 7233),
    temporalUiPort: port('TEMPORAL_UI_PORT', 8233),
    temporalHttpPort: port('TEMPORAL_HTTP_PORT', 7243),
    temporalMetricsPort: port('TEMPORAL_METRICS_PORT', 7244),
    ferretdbPort: port('FERRETDB_PORT', 27117),
    ferretdbDebugPort: port('FERRETDB_DEBUG_PORT', 27118),
    temporalNamespace: process.env.TEMPORAL_NAMESPACE || 'default',
    externalTemporal: process.env.TEMPORAL_ADDRESS || undefined,
    externalMongo: process.env.MONGODB_URI || undefined,
  };
}
