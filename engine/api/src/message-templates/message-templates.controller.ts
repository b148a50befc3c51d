import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import {
  CreateTemplateBody,
  createTemplateBody,
  PreviewTemplateBody,
  previewTemplateBody,
  templateKey,
  UpdateTemplateBody,
  updateTemplateBody,
  versionParam,
} from './message-templates.dto';
import { MessageTemplatesService } from './message-templates.service';

const keyParam = new ZodPipe(templateKey);

@ApiTags('message templates')
@Controller('v1/message-templates')
export class MessageTemplatesController {
  constructor(private readonly templates: MessageTemplatesService) {}

  @Get()
  @Requires('messages:read')
  @ApiOperation({ summary: 'Message templates, newest version of each' })
  list(@WorkspaceId() workspaceId: string) {
    return this.templates.list(workspaceId);
  }

  @Post()
  @HttpCode(201)
  @Requires('messages:write')
  @ApiOperation({ summary: 'Save a new template (version 1); Liquid is checked: a syntax error or an unknown variable is a 422 naming its field, line and column' })
  @ApiZodBody(createTemplateBody)
  create(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Body(new ZodPipe(createTemplateBody)) body: CreateTemplateBody) {
    return this.templates.create(workspaceId, body, actor);
  }

  @Get(':key')
  @Requires('messages:read')
  @ApiOperation({ summary: 'A template: its newest version, which sends use' })
  get(@WorkspaceId() workspaceId: string, @Param('key', keyParam) key: string) {
    return this.templates.get(workspaceId, key);
  }

  @Put(':key')
  @Requires('messages:write')
  @ApiOperation({ summary: 'Save a new version (sends use it from then on); saving the same bodies again changes nothing' })
  @ApiZodBody(updateTemplateBody)
  update(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('key', keyParam) key: string, @Body(new ZodPipe(updateTemplateBody)) body: UpdateTemplateBody) {
    return this.templates.update(workspaceId, key, body, actor);
  }

  @Delete(':key')
  @Requires('messages:write')
  @ApiOperation({ summary: 'Delete a template that no live journey sends (its versions stay in the history)' })
  remove(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('key', keyParam) key: string) {
    return this.templates.remove(workspaceId, key, actor);
  }

  @Get(':key/versions')
  @Requires('messages:read')
  @ApiOperation({ summary: 'Every saved version, newest first (roll back by saving an old one again)' })
  versions(@WorkspaceId() workspaceId: string, @Param('key', keyParam) key: string) {
    return this.templates.listVersions(workspaceId, key);
  }

  @Get(':key/versions/:version')
  @Requires('messages:read')
  @ApiOperation({ summary: 'One saved version' })
  version(@WorkspaceId() workspaceId: string, @Param('key', keyParam) key: string, @Param('version', new ZodPipe(versionParam)) version: number) {
    return this.templates.getVersion(workspaceId, key, version);
  }

  @Post(':key/preview')
  @HttpCode(200)
  @Requires('messages:read')
  @ApiOperation({ summary: 'Render the template for a real contact: per channel, the message they would get, or the variable they lack' })
  @ApiZodBody(previewTemplateBody)
  preview(@WorkspaceId() workspaceId: string, @Param('key', keyParam) key: string, @Body(new ZodPipe(previewTemplateBody)) body: PreviewTemplateBody) {
    return this.templates.preview(workspaceId, key, body);
  }
}
