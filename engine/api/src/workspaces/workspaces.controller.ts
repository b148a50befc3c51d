import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { AdminTokenGuard, ApiKeyGuard, WorkspaceId } from './auth.guard';
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
});

@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Post()
  @HttpCode(201)
  @UseGuards(AdminTokenGuard)
  @ApiOperation({ summary: 'Create a workspace and its first API key (admin token required; the key is shown once)' })
  @ApiZodBody(createWorkspaceBody)
  create(@Body(new ZodPipe(createWorkspaceBody)) body: z.infer<typeof createWorkspaceBody>) {
    return this.workspaces.create(body);
  }

  @Get('current')
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: 'The workspace the API key belongs to' })
  current(@WorkspaceId() workspaceId: string) {
    return this.workspaces.get(workspaceId);
  }
}
