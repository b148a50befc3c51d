import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { EventsModule } from '../events/events.module';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

@Module({
  imports: [
    EventsModule,
    MongooseModule.forFeature([
      { name: 'MessagingPolicy', schema: runtimeSchemas.MessagingPolicy },
      { name: 'Contact', schema: runtimeSchemas.Contact },
      { name: 'MessageSend', schema: runtimeSchemas.MessageSend },
    ]),
  ],
  controllers: [UnsubscribeController],
  providers: [UnsubscribeService],
})
export class UnsubscribeModule {}
