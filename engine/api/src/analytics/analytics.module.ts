import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { JourneyAnalyticsController } from './journey-analytics.controller';
import { JourneyAnalyticsService } from './journey-analytics.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: 'Journey', schema: runtimeSchemas.Journey },
      { name: 'JourneyVersion', schema: runtimeSchemas.JourneyVersion },
      { name: 'MessageSend', schema: runtimeSchemas.MessageSend },
      { name: 'StatInbox', schema: runtimeSchemas.StatInbox },
      { name: 'JourneyStats', schema: runtimeSchemas.JourneyStats },
      { name: 'Step', schema: runtimeSchemas.Step },
    ]),
  ],
  controllers: [JourneyAnalyticsController],
  providers: [JourneyAnalyticsService],
})
export class AnalyticsModule {}
