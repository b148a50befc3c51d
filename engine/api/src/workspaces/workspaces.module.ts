import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { workspaceSchema } from './workspace.schema';
import { WorkspacesController } from './workspaces.controller';
import { WorkspacesService } from './workspaces.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: 'Workspace', schema: workspaceSchema }])],
  controllers: [WorkspacesController],
  providers: [WorkspacesService],
  exports: [WorkspacesService],
})
export class WorkspacesModule {}
