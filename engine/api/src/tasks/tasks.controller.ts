import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentActor, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { ListTasksQuery, listTasksQuery, ResolveTaskBody, resolveTaskBody, TaskNoteBody, taskNoteBody } from './tasks.dto';
import { TasksService } from './tasks.service';

const taskId = new ZodPipe(z.string().regex(/^[0-9a-f]{24}$/, 'a task id'));

@ApiTags('tasks')
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Requires('tasks:read')
  @ApiOperation({ summary: 'The hand-off inbox, oldest first: `?status=open|claimed|resolved&queue=&mine=true&limit=`' })
  list(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Query(new ZodPipe(listTasksQuery)) query: ListTasksQuery) {
    return this.tasks.list(workspaceId, query, actor);
  }

  @Get(':id')
  @Requires('tasks:read')
  @ApiOperation({ summary: 'A task with its notes, SLA due times and escalations' })
  get(@WorkspaceId() workspaceId: string, @Param('id', taskId) id: string) {
    return this.tasks.get(workspaceId, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Requires('tasks:write')
  @ApiOperation({ summary: 'Take the task (409 when a colleague has it)' })
  claim(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id', taskId) id: string) {
    return this.tasks.claim(workspaceId, id, actor);
  }

  @Post(':id/respond')
  @HttpCode(200)
  @Requires('tasks:write')
  @ApiOperation({ summary: 'Record a reply to the contact; the first keeps the first-response promise' })
  @ApiZodBody(taskNoteBody)
  respond(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id', taskId) id: string, @Body(new ZodPipe(taskNoteBody)) body: TaskNoteBody) {
    return this.tasks.addNote(workspaceId, id, body, 'response', actor);
  }

  @Post(':id/notes')
  @HttpCode(200)
  @Requires('tasks:write')
  @ApiOperation({ summary: 'Add a note for colleagues' })
  @ApiZodBody(taskNoteBody)
  note(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id', taskId) id: string, @Body(new ZodPipe(taskNoteBody)) body: TaskNoteBody) {
    return this.tasks.addNote(workspaceId, id, body, 'note', actor);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Requires('tasks:write')
  @ApiOperation({ summary: 'Close the case: the journey waiting on it goes on, and marketing may reach the contact again' })
  @ApiZodBody(resolveTaskBody)
  resolve(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id', taskId) id: string, @Body(new ZodPipe(resolveTaskBody)) body: ResolveTaskBody) {
    return this.tasks.resolve(workspaceId, id, body, actor);
  }
}
