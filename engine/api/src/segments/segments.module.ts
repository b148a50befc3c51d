import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { ContactsModule } from '../contacts/contacts.module';
import { EventsModule } from '../events/events.module';
import { JourneysModule } from '../journeys/journeys.module';
import { SegmentSchedules } from './segment-schedules';
import { SegmentUpkeep } from './segment-upkeep';
import { SegmentsController } from './segments.controller';
import { SegmentsService } from './segments.service';

@Module({
  imports: [
    ContactsModule,
    EventsModule,
    JourneysModule,
    MongooseModule.forFeature([
      { name: 'Segment', schema: runtimeSchemas.Segment },
      { name: 'SegmentMembership', schema: runtimeSchemas.SegmentMembership },
      { name: 'Contact', schema: runtimeSchemas.Contact },
      { name: 'TrackedEvent', schema: runtimeSchemas.TrackedEvent },
    ]),
  ],
  controllers: [SegmentsController],
  providers: [SegmentsService, SegmentUpkeep, SegmentSchedules],
})
export class SegmentsModule {}
