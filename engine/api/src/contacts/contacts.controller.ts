import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires, WorkspaceId } from '../access/decorators';
import { z } from 'zod';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { ContactProfilesService } from './contact-profiles.service';
import { CreateContactBody, createContactBody, ListContactsQuery, listContactsQuery, UpdateContactBody, updateContactBody } from './contacts.dto';
import { ContactsService } from './contacts.service';

const externalIdParam = new ZodPipe(z.string().trim().min(1).max(200));

@ApiTags('contacts')
@Controller('v1/contacts')
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly profiles: ContactProfilesService,
  ) {}

  @Get()
  @Requires('contacts:read')
  @ApiOperation({ summary: 'Contacts, oldest first, a page at a time (`next` cursor); filter by tag, lifecycle stage, or a user id or email prefix (`q`)' })
  list(@WorkspaceId() workspaceId: string, @Query(new ZodPipe(listContactsQuery)) query: ListContactsQuery) {
    return this.profiles.list(workspaceId, query);
  }

  @Post()
  @HttpCode(201)
  @Requires('contacts:write')
  @ApiOperation({ summary: 'Create a contact from its ids (user, anonymous, email, phone, WeCom, unionid, openid), traits, tags, zone, stage and consent' })
  @ApiZodBody(createContactBody)
  create(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(createContactBody)) body: CreateContactBody) {
    return this.profiles.create(workspaceId, body);
  }

  @Patch(':externalId')
  @Requires('contacts:write')
  @ApiOperation({ summary: 'Change traits (null removes one), tags, zone, stage and consent, or link more ids' })
  @ApiZodBody(updateContactBody)
  update(@WorkspaceId() workspaceId: string, @Param('externalId', externalIdParam) externalId: string, @Body(new ZodPipe(updateContactBody)) body: UpdateContactBody) {
    return this.profiles.update(workspaceId, externalId, body);
  }

  @Delete(':externalId')
  @Requires('contacts:write')
  @ApiOperation({ summary: 'Forget a contact: its journeys end ("removed"), then its ids, profile and events are deleted' })
  remove(@WorkspaceId() workspaceId: string, @Param('externalId', externalIdParam) externalId: string) {
    return this.profiles.remove(workspaceId, externalId);
  }

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
