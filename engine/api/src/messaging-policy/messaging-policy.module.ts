import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { MessagingPolicyController } from './messaging-policy.controller';
import { MessagingPolicyService } from './messaging-policy.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: 'MessagingPolicy', schema: runtimeSchemas.MessagingPolicy }])],
  controllers: [MessagingPolicyController],
  providers: [MessagingPolicyService],
})
export class MessagingPolicyModule {}
