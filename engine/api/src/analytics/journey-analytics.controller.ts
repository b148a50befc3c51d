import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Requires, WorkspaceId } from '../access/decorators';
import { objectId } from '../common/object-id';
import { ZodPipe } from '../common/zod-body';
import { deliveryCsv, experimentsCsv, funnelCsv, nodeStatsCsv } from './analytics-csv';
import { funnelQuery, statsQuery } from './analytics.dto';
import { JourneyAnalyticsService } from './journey-analytics.service';

const journeyIdParam = new ZodPipe(objectId);

/** `format=csv` answers the CSV table instead of JSON. */
function answer<T>(response: Response, format: 'json' | 'csv', body: T, csv: (body: T) => string, name: string): T | string {
  if (format === 'json') return body;
  response.setHeader('content-type', 'text/csv; charset=utf-8');
  response.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
  return csv(body);
}

@ApiTags('analytics')
@Controller('v1/journeys')
export class JourneyAnalyticsController {
  constructor(private readonly analytics: JourneyAnalyticsService) {}

  @Get(':id/stats')
  @Requires('journeys:read')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Per node: entered, waiting now, departures per port, exits, errors; per journey: enrolled, active, exits by reason, goals, conversion rate and time to convert; A/B results per split. ?version=&from=&to= (UTC days), ?format=csv for the node table' })
  async stats(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string, @Query(new ZodPipe(statsQuery)) query: z.infer<typeof statsQuery>, @Res({ passthrough: true }) response: Response) {
    const { format, ...filter } = query;
    return answer(response, format, await this.analytics.stats(workspaceId, id, filter), nodeStatsCsv, `journey-${id}-stats`);
  }

  @Get(':id/experiments')
  @Requires('journeys:read')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'A/B and holdout results of every split: per arm contacts, conversions, rate, difference from the control with a 95% interval and a p-value (two-proportion z-test), or "not enough data yet"' })
  async experiments(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string, @Query(new ZodPipe(statsQuery)) query: z.infer<typeof statsQuery>, @Res({ passthrough: true }) response: Response) {
    const { format, ...filter } = query;
    const stats = await this.analytics.stats(workspaceId, id, filter);
    const body = { journeyId: id, version: stats.version, period: stats.period, experiments: stats.experiments };
    return answer(response, format, body, () => experimentsCsv(stats), `journey-${id}-experiments`);
  }

  @Get(':id/funnel')
  @Requires('journeys:read')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'A funnel over ordered steps (steps=node:<id>,port:<id>:<port>,goal) with counts and drop-off between them' })
  async funnel(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string, @Query(new ZodPipe(funnelQuery)) query: z.infer<typeof funnelQuery>, @Res({ passthrough: true }) response: Response) {
    const { format, ...filter } = query;
    return answer(response, format, await this.analytics.funnel(workspaceId, id, filter), (body) => funnelCsv(body.rows), `journey-${id}-funnel`);
  }

  @Get(':id/delivery')
  @Requires('journeys:read')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Per message node and channel: sends, sent, delivered, queued, deferred, failed, skipped by reason, held back by reason, unsubscribes' })
  async delivery(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string, @Query(new ZodPipe(statsQuery)) query: z.infer<typeof statsQuery>, @Res({ passthrough: true }) response: Response) {
    const { format, version: _version, ...filter } = query;
    return answer(response, format, await this.analytics.delivery(workspaceId, id, filter), (body) => deliveryCsv(body.rows), `journey-${id}-delivery`);
  }
}
