import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { operatorBody } from '../access/access.dto';
import { InstallationAdmin, Requires, WorkspaceId } from '../access/decorators';
import { WorkspacesService } from './workspaces.service';

const timezone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as "Asia/Shanghai"');

export const createWorkspaceBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  timezone: timezone.default('UTC'),
  /** The first admin operator, who signs in to the editor with this email and password. */
  owner: operatorBody.optional(),
});

@ApiTags('workspaces')
@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Post()
  @HttpCode(201)
  @InstallationAdmin()
  @ApiOperation({ summary: 'Create a workspace with an admin API key (shown once) and, optionally, its first admin operator (installation admin token required)' })
  @ApiZodBody(createWorkspaceBody)
  create(@Body(new ZodPipe(createWorkspaceBody)) body: z.infer<typeof createWorkspaceBody>) {
    return this.workspaces.create(body);
  }

  @Get('current')
  @Requires('journeys:read')
  @ApiOperation({ summary: 'The workspace the API key belongs to' })
  current(@WorkspaceId() workspaceId: string) {
    return this.workspaces.get(workspaceId);
  }
}
