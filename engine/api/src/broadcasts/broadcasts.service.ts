import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AuditLog } from '../access/audit-log.service';
import { Actor } from '../access/principal';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { BroadcastSchedules } from '../journeys/broadcast-schedules';
import { JourneysService } from '../journeys/journeys.service';
import { temporalScheduleUrl } from '../temporal/temporal-url';
import { broadcastScheduleId } from '@trellis/runtime';
import { Broadcast } from './broadcast.schema';

/** What the editor shows of a scheduled journey's firings. */
@Injectable()
export class BroadcastsService {
  constructor(
    @InjectModel('Broadcast') private readonly broadcasts: Model<Broadcast>,
    private readonly journeys: JourneysService,
    private readonly schedules: BroadcastSchedules,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async list(workspaceId: string, journeyId: string) {
    await this.journeys.get(workspaceId, journeyId);
    const docs = await this.broadcasts.find({ workspaceId, journeyId }).sort({ firingAt: -1 }).limit(100).lean();
    return {
      broadcasts: docs.map((doc) => ({
        id: doc._id,
        version: doc.version,
        firingAt: doc.firingAt.toISOString(),
        segment: doc.segment ?? null,
        status: doc.status,
        recipients: doc.recipients,
        enrolled: doc.enrolled ?? 0,
        skipped: doc.skipped ?? 0,
        waves: doc.waves.map((wave) => ({ at: wave.at!.toISOString(), zones: wave.zones ?? null, recipients: wave.recipients ?? 0 })),
        stoppedReason: doc.stoppedReason ?? null,
        finishedAt: doc.finishedAt?.toISOString() ?? null,
      })),
      temporalScheduleUrl: temporalScheduleUrl(this.config, broadcastScheduleId(workspaceId, journeyId)),
    };
  }

  async fireNow(workspaceId: string, journeyId: string, actor: Actor) {
    await this.journeys.get(workspaceId, journeyId);
    await this.schedules.fireNow(workspaceId, journeyId);
    await this.audit.record(workspaceId, actor, 'journey.broadcast_fired', { type: 'journey', id: journeyId }, {});
    return { journeyId, fired: true };
  }
}
