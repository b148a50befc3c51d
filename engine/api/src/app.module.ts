import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { configureMongoose, mongoClientOptions } from '@trellis/runtime';
import { AccessModule } from './access/access.module';
import { API_CONFIG, ApiConfig } from './config/api-config';
import { BroadcastsModule } from './broadcasts/broadcasts.module';
import { ChannelsModule } from './channels/channels.module';
import { ContactsModule } from './contacts/contacts.module';
import { EventsModule } from './events/events.module';
import { GroupsModule } from './groups/groups.module';
import { HealthModule } from './health/health.module';
import { ContactImportsModule } from './imports/contact-imports.module';
import { JourneysModule } from './journeys/journeys.module';
import { JourneyTemplatesModule } from './templates/journey-templates.module';
import { JourneyLifecycleModule } from './lifecycle/journey-lifecycle.module';
import { MessageTemplatesModule } from './message-templates/message-templates.module';
import { MessagingPolicyModule } from './messaging-policy/messaging-policy.module';
import { NodesModule } from './nodes/nodes.module';
import { SegmentsModule } from './segments/segments.module';
import { TasksModule } from './tasks/tasks.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { TemporalModule } from './temporal/temporal.module';
import { UnsubscribeModule } from './unsubscribe/unsubscribe.module';
import { WorkspacesModule } from './workspaces/workspaces.module';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    configureMongoose();
    return {
      module: AppModule,
      imports: [
        { module: ConfigHolder, global: true, providers: [{ provide: API_CONFIG, useValue: config }], exports: [API_CONFIG] },
        MongooseModule.forRoot(config.MONGODB_URI, { ...mongoClientOptions, retryAttempts: 3 }),
        TemporalModule,
        AccessModule,
        HealthModule,
        WorkspacesModule,
        NodesModule,
        JourneysModule,
        JourneyTemplatesModule,
        JourneyLifecycleModule,
        MessageTemplatesModule,
        MessagingPolicyModule,
        ChannelsModule,
        UnsubscribeModule,
        TasksModule,
        AnalyticsModule,
        EventsModule,
        ContactsModule,
        SegmentsModule,
        ContactImportsModule,
        BroadcastsModule,
        GroupsModule,
      ],
    };
  }
}

@Module({})
class ConfigHolder {}
