import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { EventsModule } from '../events/events.module';
import { JourneysModule } from '../journeys/journeys.module';
import { broadcastRecipientsSchema, broadcastSchema } from './broadcast.schema';
import { BroadcastRunner } from './broadcast-runner';
import { BroadcastsController } from './broadcasts.controller';
import { BroadcastsService } from './broadcasts.service';

@Module({
  imports: [
    EventsModule,
    JourneysModule,
    MongooseModule.forFeature([
      { name: 'Broadcast', schema: broadcastSchema },
      { name: 'BroadcastRecipients', schema: broadcastRecipientsSchema },
      { name: 'Contact', schema: runtimeSchemas.Contact },
      { name: 'TrackedEvent', schema: runtimeSchemas.TrackedEvent },
      { name: 'Segment', schema: runtimeSchemas.Segment },
    ]),
  ],
  controllers: [BroadcastsController],
  providers: [BroadcastsService, BroadcastRunner],
})
export class BroadcastsModule {}
