import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { ApiActivityWorker } from './activity-worker';

/** Injection tokens: replaceable in a test module by a client of the time-skipping server. */
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CONNECTION,
      inject: [API_CONFIG],
      // Lazy, so the API starts (and /v1/health can say so) while Temporal is still down.
      useFactory: (config: ApiConfig) => Connection.lazy({ address: config.TEMPORAL_ADDRESS }),
    },
    {
      provide: TEMPORAL_CLIENT,
      inject: [TEMPORAL_CONNECTION, API_CONFIG],
      useFactory: (connection: Connection, config: ApiConfig) => new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
    },
    ApiActivityWorker,
  ],
  exports: [TEMPORAL_CONNECTION, TEMPORAL_CLIENT, ApiActivityWorker],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
