import { Controller, Get, Injectable, Module, Param, UseGuards } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Contact, runtimeSchemas } from '@trellis/runtime';
import { Model } from 'mongoose';
import { problems } from '../common/problem';
import { ApiKeyGuard, WorkspaceId } from '../workspaces/auth.guard';
import { WorkspacesModule } from '../workspaces/workspaces.module';

@Injectable()
export class ContactsService {
  constructor(@InjectModel('Contact') private readonly contacts: Model<Contact>) {}

  async getByExternalId(workspaceId: string, externalId: string) {
    const doc = await this.contacts.findOne({ workspaceId, externalId }).lean();
    if (!doc) throw problems.notFound(`Contact "${externalId}"`);
    return {
      id: String(doc._id),
      externalId: doc.externalId,
      tags: doc.tags ?? [],
      traits: doc.traits as Record<string, unknown>,
      lastEventAt: doc.lastEventAt?.toISOString() ?? null,
    };
  }
}

@ApiTags('contacts')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get(':externalId')
  @ApiOperation({ summary: 'A contact by your id for them (the userId sent with events)' })
  get(@WorkspaceId() workspaceId: string, @Param('externalId') externalId: string) {
    return this.contacts.getByExternalId(workspaceId, externalId);
  }
}

@Module({
  imports: [WorkspacesModule, MongooseModule.forFeature([{ name: 'Contact', schema: runtimeSchemas.Contact }])],
  controllers: [ContactsController],
  providers: [ContactsService],
})
export class ContactsModule {}
