import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { segmentKey } from '@trellis/journey';
import { CurrentActor, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import {
  CreateSegmentBody,
  createSegmentBody,
  ListMembersQuery,
  listMembersQuery,
  PreviewSegmentBody,
  previewSegmentBody,
  UpdateSegmentBody,
  updateSegmentBody,
} from './segments.dto';
import { SegmentsService } from './segments.service';

const keyParam = new ZodPipe(segmentKey);

@ApiTags('segments')
@Controller('v1/segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  @Get()
  @Requires('segments:read')
  @ApiOperation({ summary: 'Segments, by key, each with its last sweep' })
  list(@WorkspaceId() workspaceId: string) {
    return this.segments.list(workspaceId);
  }

  @Post()
  @HttpCode(201)
  @Requires('segments:write')
  @ApiOperation({ summary: 'Define a segment by a rule; its sweep (a Temporal Schedule) fills it at once, then keeps it current' })
  @ApiZodBody(createSegmentBody)
  create(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Body(new ZodPipe(createSegmentBody)) body: CreateSegmentBody) {
    return this.segments.create(workspaceId, body, actor);
  }

  @Post('preview')
  @HttpCode(200)
  @Requires('segments:read')
  @ApiOperation({ summary: 'How many contacts a rule matches now, with a sample: try a rule before saving it' })
  @ApiZodBody(previewSegmentBody)
  preview(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(previewSegmentBody)) body: PreviewSegmentBody) {
    return this.segments.preview(workspaceId, body);
  }

  @Get(':key')
  @Requires('segments:read')
  @ApiOperation({ summary: 'A segment with its member count' })
  get(@WorkspaceId() workspaceId: string, @Param('key', keyParam) key: string) {
    return this.segments.get(workspaceId, key);
  }

  @Patch(':key')
  @Requires('segments:write')
  @ApiOperation({ summary: 'Change a segment’s name, description, rule (applied by a sweep at once) or sweep interval' })
  @ApiZodBody(updateSegmentBody)
  update(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('key', keyParam) key: string, @Body(new ZodPipe(updateSegmentBody)) body: UpdateSegmentBody) {
    return this.segments.update(workspaceId, key, body, actor);
  }

  @Delete(':key')
  @Requires('segments:write')
  @ApiOperation({ summary: 'Delete a segment no live journey enrols, with its memberships and schedule' })
  remove(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('key', keyParam) key: string) {
    return this.segments.remove(workspaceId, key, actor);
  }

  @Get(':key/members')
  @Requires('segments:read')
  @ApiOperation({ summary: 'The contacts in a segment now, a page at a time (`next` cursor)' })
  members(@WorkspaceId() workspaceId: string, @Param('key', keyParam) key: string, @Query(new ZodPipe(listMembersQuery)) query: ListMembersQuery) {
    return this.segments.members(workspaceId, key, query);
  }

  @Post(':key/sweep')
  @HttpCode(202)
  @Requires('segments:write')
  @ApiOperation({ summary: 'Run a pass of the segment’s sweep now (entries and exits are sent as events; `lastSweep` shows it done)' })
  sweep(@WorkspaceId() workspaceId: string, @Param('key', keyParam) key: string) {
    return this.segments.sweepNow(workspaceId, key);
  }
}
