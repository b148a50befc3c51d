import { createApp } from './create-app';
import { loadApiConfig } from './config/api-config';

async function main(): Promise<void> {
  const config = loadApiConfig();
  const app = await createApp(config);
  try {
    await app.listen(config.API_PORT, config.API_HOST);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`API_PORT ${config.API_PORT} on ${config.API_HOST} is already in use; set API_PORT to a free port.`);
      process.exit(1);
    }
    throw error;
  }
  console.log(`API listening on http://${config.API_HOST}:${config.API_PORT}/v1 (OpenAPI at /docs)`);
}

main().catch((error: unknown) => {
  console.error('API failed to start:', error);
  process.exit(1);
});
