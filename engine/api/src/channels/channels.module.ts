import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';
import { DeliveryReportsController } from './delivery-reports.controller';
import { DeliveryReportsService } from './delivery-reports.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: 'ChannelConfig', schema: runtimeSchemas.ChannelConfig },
      { name: 'MessageSend', schema: runtimeSchemas.MessageSend },
      { name: 'Contact', schema: runtimeSchemas.Contact },
      { name: 'MessagingPolicy', schema: runtimeSchemas.MessagingPolicy },
    ]),
  ],
  controllers: [ChannelsController, DeliveryReportsController],
  providers: [ChannelsService, DeliveryReportsService],
})
export class ChannelsModule {}
