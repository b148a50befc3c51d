import { Controller, Get, Inject, Res } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../access/decorators';
import { Client } from '@temporalio/client';
import { Response } from 'express';
import { Connection } from 'mongoose';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';

interface Check {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await probe();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

@ApiTags('health')
@Controller('v1/health')
export class HealthController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @InjectConnection() private readonly mongo: Connection,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Reachability of Temporal and MongoDB; 503 when either is down' })
  async check(@Res({ passthrough: true }) response: Response) {
    const [temporal, mongo] = await Promise.all([
      // A gRPC deadline rather than a race: the call itself ends, so no retry timer outlives it
      // (one firing after shutdown would crash the process).
      timed(() =>
        this.temporal.withDeadline(Date.now() + 3000, () =>
          this.temporal.workflowService.describeNamespace({ namespace: this.config.TEMPORAL_NAMESPACE }),
        ),
      ),
      timed(async () => {
        if (!this.mongo.db) throw new Error('not connected');
        await within(3000, this.mongo.db.admin().ping());
      }),
    ]);
    const ok = temporal.ok && mongo.ok;
    response.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'degraded',
      temporal: { ...temporal, address: this.config.TEMPORAL_ADDRESS, namespace: this.config.TEMPORAL_NAMESPACE },
      mongo,
    };
  }
}
