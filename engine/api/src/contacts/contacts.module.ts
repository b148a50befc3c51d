import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { ContactChanges } from './contact-changes';
import { ContactDirectory } from './contact-directory';
import { ContactsController } from './contacts.controller';
import { ContactProfilesService } from './contact-profiles.service';
import { ContactsService } from './contacts.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: 'Contact', schema: runtimeSchemas.Contact },
      { name: 'ContactKey', schema: runtimeSchemas.ContactKey },
      { name: 'Enrollment', schema: runtimeSchemas.Enrollment },
      { name: 'MessageSend', schema: runtimeSchemas.MessageSend },
      { name: 'SegmentMembership', schema: runtimeSchemas.SegmentMembership },
      { name: 'Step', schema: runtimeSchemas.Step },
      { name: 'TrackedEvent', schema: runtimeSchemas.TrackedEvent },
    ]),
  ],
  controllers: [ContactsController],
  providers: [ContactsService, ContactProfilesService, ContactDirectory, ContactChanges],
  exports: [ContactDirectory, ContactChanges],
})
export class ContactsModule {}
