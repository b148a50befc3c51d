import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { ContactsModule } from '../contacts/contacts.module';
import { MessageTemplateChecks } from './message-template-checks';
import { MessageTemplatesController } from './message-templates.controller';
import { MessageTemplatesService } from './message-templates.service';

@Module({
  imports: [
    ContactsModule,
    MongooseModule.forFeature([
      { name: 'MessageTemplate', schema: runtimeSchemas.MessageTemplate },
      { name: 'MessageTemplateVersion', schema: runtimeSchemas.MessageTemplateVersion },
      { name: 'MessagingPolicy', schema: runtimeSchemas.MessagingPolicy },
    ]),
  ],
  controllers: [MessageTemplatesController],
  providers: [MessageTemplatesService, MessageTemplateChecks],
  exports: [MessageTemplateChecks],
})
export class MessageTemplatesModule {}
