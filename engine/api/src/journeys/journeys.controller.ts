import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { JourneyDefinition } from '@trellis/journey';
import { z } from 'zod';
import { objectId } from '../common/object-id';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { CurrentActor, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
import { createJourneyBody, diffQuery, listEnrollmentsQuery, publishJourneyBody, updateJourneyBody, versionParam } from './journeys.dto';
import { JourneysService } from './journeys.service';

const journeyIdParam = new ZodPipe(objectId);

@ApiTags('journeys')
@Controller('v1/journeys')
export class JourneysController {
  constructor(private readonly journeys: JourneysService) {}

  @Post()
  @HttpCode(201)
  @Requires('journeys:write')
  @ApiOperation({ summary: 'Create a journey draft' })
  @ApiZodBody(createJourneyBody)
  create(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(createJourneyBody)) body: JourneyDefinition) {
    return this.journeys.create(workspaceId, body);
  }

  @Get()
  @Requires('journeys:read')
  @ApiOperation({ summary: 'List journeys' })
  list(@WorkspaceId() workspaceId: string) {
    return this.journeys.list(workspaceId);
  }

  @Get(':id')
  @Requires('journeys:read')
  @ApiOperation({ summary: 'A journey with its draft graph' })
  get(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string) {
    return this.journeys.get(workspaceId, id);
  }

  @Put(':id')
  @Requires('journeys:write')
  @ApiOperation({ summary: 'Replace the draft graph' })
  @ApiZodBody(updateJourneyBody)
  update(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string, @Body(new ZodPipe(updateJourneyBody)) body: JourneyDefinition) {
    return this.journeys.updateDraft(workspaceId, id, body);
  }

  @Post(':id/validate')
  @HttpCode(200)
  @Requires('journeys:read')
  @ApiOperation({ summary: 'Compile the draft and return every error, without publishing' })
  validate(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string) {
    return this.journeys.validate(workspaceId, id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Requires('journeys:publish')
  @ApiOperation({ summary: 'Compile the draft into a new immutable version that new enrolments run' })
  @ApiZodBody(publishJourneyBody)
  publish(
    @WorkspaceId() workspaceId: string,
    @CurrentActor() actor: Actor,
    @Param('id', journeyIdParam) id: string,
    @Body(new ZodPipe(publishJourneyBody)) body: z.infer<typeof publishJourneyBody>,
  ) {
    return this.journeys.publish(workspaceId, id, actor, body.note);
  }

  @Get(':id/versions')
  @Requires('journeys:read')
  @ApiOperation({ summary: 'Published versions, newest first' })
  versions(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string) {
    return this.journeys.listVersions(workspaceId, id);
  }

  @Get(':id/versions/:version')
  @Requires('journeys:read')
  @ApiOperation({ summary: 'One published version with its graph' })
  version(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string, @Param('version', new ZodPipe(versionParam)) version: number) {
    return this.journeys.getVersion(workspaceId, id, version);
  }

  @Get(':id/diff')
  @Requires('journeys:read')
  @ApiOperation({ summary: 'Node-level diff between two versions, or a version and the draft (`?from=3&to=draft`)' })
  diff(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string, @Query(new ZodPipe(diffQuery)) query: z.infer<typeof diffQuery>) {
    return this.journeys.diff(workspaceId, id, query.from, query.to);
  }

  @Get(':id/enrollments')
  @Requires('journeys:read')
  @ApiOperation({ summary: 'Enrolments of this journey, newest first' })
  enrollments(
    @WorkspaceId() workspaceId: string,
    @Param('id', journeyIdParam) id: string,
    @Query(new ZodPipe(listEnrollmentsQuery)) query: z.infer<typeof listEnrollmentsQuery>,
  ) {
    return this.journeys.listEnrollments(workspaceId, id, query);
  }
}
