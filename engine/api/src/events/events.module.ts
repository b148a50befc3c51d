import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { JourneysModule } from '../journeys/journeys.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { EnrollmentsService } from './enrollments.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [
    WorkspacesModule,
    JourneysModule,
    MongooseModule.forFeature([
      { name: 'TrackedEvent', schema: runtimeSchemas.TrackedEvent },
      { name: 'Contact', schema: runtimeSchemas.Contact },
      { name: 'ContactKey', schema: runtimeSchemas.ContactKey },
      { name: 'Enrollment', schema: runtimeSchemas.Enrollment },
    ]),
  ],
  controllers: [EventsController],
  providers: [EventsService, EnrollmentsService],
})
export class EventsModule {}
