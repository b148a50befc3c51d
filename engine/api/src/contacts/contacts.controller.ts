import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, WorkspaceId } from '../workspaces/auth.guard';
import { ContactsService } from './contacts.service';

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

  @Get(':externalId/timeline')
  @ApiOperation({ summary: 'The contact across every journey: enrolments with Temporal links, and each node visit in order' })
  timeline(@WorkspaceId() workspaceId: string, @Param('externalId') externalId: string) {
    return this.contacts.timeline(workspaceId, externalId);
  }
}
