import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Requires, WorkspaceId } from '../access/decorators';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { JourneyTemplatesService } from './journey-templates.service';

const templateId = new ZodPipe(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'template ids are lower-case words joined by "-"'));
const instantiateBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  parameters: z.record(z.string(), z.unknown()).default({}),
});

@ApiTags('templates')
@Controller('v1/templates')
export class JourneyTemplatesController {
  constructor(private readonly templates: JourneyTemplatesService) {}

  @Get()
  @Requires('journeys:read')
  @ApiOperation({ summary: 'The journey template library, each with its parameters as a JSON Schema form' })
  list() {
    return this.templates.list();
  }

  @Post(':templateId/journeys')
  @HttpCode(201)
  @Requires('journeys:write')
  @ApiOperation({ summary: 'Create a journey draft from a template, its parameters filled in' })
  @ApiZodBody(instantiateBody)
  instantiate(@WorkspaceId() workspaceId: string, @Param('templateId', templateId) id: string, @Body(new ZodPipe(instantiateBody)) body: z.infer<typeof instantiateBody>) {
    return this.templates.instantiate(workspaceId, id, body);
  }
}
