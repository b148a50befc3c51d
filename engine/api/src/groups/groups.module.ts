import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { ContactsModule } from '../contacts/contacts.module';
import { GroupActivity } from './group-activity';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';

@Module({
  imports: [
    ContactsModule,
    MongooseModule.forFeature([
      { name: 'CustomerGroup', schema: runtimeSchemas.CustomerGroup },
      { name: 'GroupMember', schema: runtimeSchemas.GroupMember },
      { name: 'Contact', schema: runtimeSchemas.Contact },
    ]),
  ],
  controllers: [GroupsController],
  providers: [GroupsService, GroupActivity],
  exports: [GroupActivity],
})
export class GroupsModule {}
