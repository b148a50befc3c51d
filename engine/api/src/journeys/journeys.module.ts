import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { MessageTemplatesModule } from '../message-templates/message-templates.module';
import { NodesModule } from '../nodes/nodes.module';
import { JourneysController } from './journeys.controller';
import { BroadcastSchedules } from './broadcast-schedules';
import { JourneyRoutesCache } from './journey-routes';
import { JourneysService } from './journeys.service';
import { PlanOpenings } from './plan-openings';

@Module({
  imports: [
    NodesModule,
    MessageTemplatesModule,
    MongooseModule.forFeature([
      { name: 'Journey', schema: runtimeSchemas.Journey },
      { name: 'JourneyVersion', schema: runtimeSchemas.JourneyVersion },
      { name: 'Enrollment', schema: runtimeSchemas.Enrollment },
      { name: 'Contact', schema: runtimeSchemas.Contact },
    ]),
  ],
  controllers: [JourneysController],
  providers: [JourneysService, PlanOpenings, BroadcastSchedules, JourneyRoutesCache],
  exports: [JourneysService, PlanOpenings, BroadcastSchedules, JourneyRoutesCache],
})
export class JourneysModule {}
