import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { NodesModule } from '../nodes/nodes.module';
import { JourneysController } from './journeys.controller';
import { BroadcastSchedules } from './broadcast-schedules';
import { JourneysService } from './journeys.service';
import { PlanOpenings } from './plan-openings';

@Module({
  imports: [
    NodesModule,
    MongooseModule.forFeature([
      { name: 'Journey', schema: runtimeSchemas.Journey },
      { name: 'JourneyVersion', schema: runtimeSchemas.JourneyVersion },
      { name: 'Enrollment', schema: runtimeSchemas.Enrollment },
    ]),
  ],
  controllers: [JourneysController],
  providers: [JourneysService, PlanOpenings, BroadcastSchedules],
  exports: [JourneysService, PlanOpenings, BroadcastSchedules],
})
export class JourneysModule {}
