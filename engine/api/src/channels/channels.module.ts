import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: 'ChannelConfig', schema: runtimeSchemas.ChannelConfig }])],
  controllers: [ChannelsController],
  providers: [ChannelsService],
})
export class ChannelsModule {}
