import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JourneyDefinition } from '@trellis/journey';
import { z } from 'zod';
import { objectId } from '../common/object-id';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { ApiKeyGuard, WorkspaceId } from '../workspaces/auth.guard';
import { createJourneyBody, listEnrollmentsQuery, publishJourneyBody, updateJourneyBody } from './journeys.dto';
import { JourneysService } from './journeys.service';

const journeyIdParam = new ZodPipe(objectId);

@ApiTags('journeys')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/journeys')
export class JourneysController {
  constructor(private readonly journeys: JourneysService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a journey draft' })
  @ApiZodBody(createJourneyBody)
  create(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(createJourneyBody)) body: JourneyDefinition) {
    return this.journeys.create(workspaceId, body);
  }

  @Get()
  @ApiOperation({ summary: 'List journeys' })
  list(@WorkspaceId() workspaceId: string) {
    return this.journeys.list(workspaceId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A journey with its draft graph' })
  get(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string) {
    return this.journeys.get(workspaceId, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace the draft graph' })
  @ApiZodBody(updateJourneyBody)
  update(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string, @Body(new ZodPipe(updateJourneyBody)) body: JourneyDefinition) {
    return this.journeys.updateDraft(workspaceId, id, body);
  }

  @Post(':id/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compile the draft and return every error, without publishing' })
  validate(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string) {
    return this.journeys.validate(workspaceId, id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compile the draft into a new immutable version that new enrolments run' })
  @ApiZodBody(publishJourneyBody)
  publish(
    @WorkspaceId() workspaceId: string,
    @Param('id', journeyIdParam) id: string,
    @Body(new ZodPipe(publishJourneyBody)) body: z.infer<typeof publishJourneyBody>,
  ) {
    return this.journeys.publish(workspaceId, id, body.note);
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Published versions, newest first' })
  versions(@WorkspaceId() workspaceId: string, @Param('id', journeyIdParam) id: string) {
    return this.journeys.listVersions(workspaceId, id);
  }

  @Get(':id/enrollments')
  @ApiOperation({ summary: 'Enrolments of this journey, newest first' })
  enrollments(
    @WorkspaceId() workspaceId: string,
    @Param('id', journeyIdParam) id: string,
    @Query(new ZodPipe(listEnrollmentsQuery)) query: z.infer<typeof listEnrollmentsQuery>,
  ) {
    return this.journeys.listEnrollments(workspaceId, id, query);
  }
}
