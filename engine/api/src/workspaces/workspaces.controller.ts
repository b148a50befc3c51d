import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { operatorBody } from '../access/access.dto';
import { CurrentActor, InstallationAdmin, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
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

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^[0-9a-f:.]+$/, 'a host name such as "crm.intranet.example" or an address, without scheme or port');

export const updateWorkspaceBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    timezone: timezone.optional(),
    webhookAllowedHosts: z
      .array(hostname)
      .max(50)
      .optional()
      .describe('Hosts webhooks may reach even on private or loopback addresses, e.g. your intranet CRM; every other host must be on the public internet.'),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'change at least one of name, timezone, webhookAllowedHosts' });

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

  @Patch('current')
  @Requires('channels:write')
  @ApiOperation({ summary: 'Rename the workspace, change its zone, or the hosts its webhooks may reach inside your network (admins)' })
  @ApiZodBody(updateWorkspaceBody)
  update(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Body(new ZodPipe(updateWorkspaceBody)) body: z.infer<typeof updateWorkspaceBody>) {
    return this.workspaces.update(workspaceId, body, actor);
  }
}
