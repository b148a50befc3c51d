import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { ContactsModule } from '../contacts/contacts.module';
import { GroupsModule } from '../groups/groups.module';
import { JourneysModule } from '../journeys/journeys.module';
import { BulkIngest } from './bulk-ingest';
import { EnrollmentsService } from './enrollments.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { SegmentController } from './segment.controller';

@Module({
  imports: [
    JourneysModule,
    ContactsModule,
    GroupsModule,
    MongooseModule.forFeature([
      { name: 'TrackedEvent', schema: runtimeSchemas.TrackedEvent },
      { name: 'Contact', schema: runtimeSchemas.Contact },
      { name: 'ContactKey', schema: runtimeSchemas.ContactKey },
      { name: 'Enrollment', schema: runtimeSchemas.Enrollment },
    ]),
  ],
  controllers: [EventsController, SegmentController],
  providers: [EventsService, EnrollmentsService, BulkIngest],
  exports: [EventsService, EnrollmentsService],
})
export class EventsModule {}
