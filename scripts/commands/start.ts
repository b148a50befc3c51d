import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildEngine } from '../lib/build';
import { adminToken, ensureDevWorkspace } from '../lib/dev-workspace';
import { dataDir } from '../lib/paths';
import { assertPortFree } from '../lib/ports';
import * as services from '../lib/services';
import { stackConfigFromEnv } from '../lib/stack-config';
import { Supervisor } from '../lib/supervisor';
import { ensureFerretdb, ensureTemporal } from '../lib/toolchain';

async function main(): Promise<void> {
  const started = Date.now();
  const config = stackConfigFromEnv();
  mkdirSync(dataDir, { recursive: true });

  const ports: [number, string][] = [
    [config.apiPort, 'API_PORT'],
    [config.editorPort, 'EDITOR_PORT'],
  ];
  if (!config.externalTemporal) {
    ports.push([config.temporalPort, 'TEMPORAL_PORT'], [config.temporalUiPort, 'TEMPORAL_UI_PORT'], [config.temporalHttpPort, 'TEMPORAL_HTTP_PORT'], [config.temporalMetricsPort, 'TEMPORAL_METRICS_PORT']);
  }
  if (!config.externalMongo) ports.push([config.ferretdbPort, 'FERRETDB_PORT'], [config.ferretdbDebugPort, 'FERRETDB_DEBUG_PORT']);
  for (const [port, variable] of ports) await assertPortFree(port, variable);

  await Promise.all([config.externalTemporal ? undefined : ensureTemporal(), config.externalMongo ? undefined : ensureFerretdb()]);
  console.log('[setup] compiling the engine (tsc -b)…');
  await buildEngine();

  const supervisor = new Supervisor(['temporal', 'ferretdb', 'api', 'worker', 'editor'], (name) => {
    console.error(`\n${name} stopped unexpectedly; stopping the stack.`);
    void supervisor.stop().then(() => process.exit(1));
  });
  let interrupted = false;
  const shutdown = () => {
    if (interrupted) return;
    interrupted = true;
    console.log('\nstopping the stack…');
    void supervisor.stop().then(() => {
      console.log('stopped.');
      process.exit(0);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, shutdown);

  try {
    const temporalAddress = config.externalTemporal ?? `127.0.0.1:${config.temporalPort}`;
    const temporalUiUrl = config.externalTemporal ? undefined : `http://127.0.0.1:${config.temporalUiPort}`;
    const mongoUri = config.externalMongo ?? `mongodb://127.0.0.1:${config.ferretdbPort}/trellis`;
    const ferretStarts = config.externalMongo
      ? Promise.resolve()
      : supervisor.start(services.ferretdb({ dataDir: join(dataDir, 'ferretdb'), port: config.ferretdbPort, debugPort: config.ferretdbDebugPort }));
    const temporalStarts = config.externalTemporal
      ? Promise.resolve()
      : supervisor.start(
          services.temporalDevServer({
            dataDir: join(dataDir, 'temporal'),
            port: config.temporalPort,
            uiPort: config.temporalUiPort,
            httpPort: config.temporalHttpPort,
            metricsPort: config.temporalMetricsPort,
            namespace: config.temporalNamespace,
          }),
        );
    await Promise.all([ferretStarts, temporalStarts]);

    const admin = adminToken(dataDir);
    const env = { apiPort: config.apiPort, mongoUri, temporalAddress, temporalNamespace: config.temporalNamespace, adminToken: admin, temporalUiUrl };
    const apiUrl = `http://127.0.0.1:${config.apiPort}`;
    await Promise.all([supervisor.start(services.api(env)), supervisor.start(services.worker(env))]);
    const workspace = await ensureDevWorkspace(apiUrl, dataDir, admin);
    await supervisor.start(services.editor({ port: config.editorPort, apiUrl, mode: 'dev' }));

    const line = (label: string, url: string) => console.log(`  ${label.padEnd(12)} ${url}`);
    console.log(`\nTrellis is up in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
    line('Editor', `http://127.0.0.1:${config.editorPort}/#apiKey=${workspace.apiKey}`);
    line('API', `${apiUrl}/v1  (health: ${apiUrl}/v1/health)`);
    line('Swagger UI', `${apiUrl}/docs`);
    line('Temporal UI', temporalUiUrl ?? `(external Temporal at ${temporalAddress})`);
    line('MongoDB', mongoUri);
    line('API key', `${workspace.apiKey}  (dev workspace ${workspace.workspaceId})`);
    if (workspace.operator) line('Sign in', `${workspace.operator.email} / ${workspace.operator.password}  (admin of the dev workspace)`);
    console.log('Press Ctrl-C to stop everything.\n');
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    await supervisor.stop();
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
