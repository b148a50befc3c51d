import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires, WorkspaceId } from '../access/decorators';
import { ContactsService } from './contacts.service';

@ApiTags('contacts')
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get(':externalId')
  @Requires('contacts:read')
  @ApiOperation({ summary: 'A contact by your id for them (the userId sent with events)' })
  get(@WorkspaceId() workspaceId: string, @Param('externalId') externalId: string) {
    return this.contacts.getByExternalId(workspaceId, externalId);
  }

  @Get(':externalId/timeline')
  @Requires('contacts:read')
  @ApiOperation({ summary: 'The contact across every journey: enrolments with Temporal links, and each node visit in order' })
  timeline(@WorkspaceId() workspaceId: string, @Param('externalId') externalId: string) {
    return this.contacts.timeline(workspaceId, externalId);
  }
}
