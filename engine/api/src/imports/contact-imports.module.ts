import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { ContactsModule } from '../contacts/contacts.module';
import { ContactBatchWriter } from './contact-batch-writer';
import { contactImportChunkSchema, contactImportErrorSchema, contactImportSchema } from './contact-import.schema';
import { ContactImportRunner } from './contact-import-runner';
import { ContactImportsController } from './contact-imports.controller';
import { ContactImportsService } from './contact-imports.service';

@Module({
  imports: [
    ContactsModule,
    MongooseModule.forFeature([
      { name: 'ContactImport', schema: contactImportSchema },
      { name: 'ContactImportChunk', schema: contactImportChunkSchema },
      { name: 'ContactImportError', schema: contactImportErrorSchema },
      { name: 'Contact', schema: runtimeSchemas.Contact },
      { name: 'ContactKey', schema: runtimeSchemas.ContactKey },
    ]),
  ],
  controllers: [ContactImportsController],
  providers: [ContactImportsService, ContactImportRunner, ContactBatchWriter],
})
export class ContactImportsModule {}
