import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { EventsModule } from '../events/events.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [
    EventsModule,
    MongooseModule.forFeature([
      { name: 'Task', schema: runtimeSchemas.Task },
      { name: 'Contact', schema: runtimeSchemas.Contact },
    ]),
  ],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
