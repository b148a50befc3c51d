import { Connection, Model } from 'mongoose';
import { ActionRun, actionRunSchema } from './action-run.schema';
import { ContactKey, contactKeySchema } from './contact-key.schema';
import { Contact, contactSchema } from './contact.schema';
import { customerGroupSchema, groupMemberSchema } from './customer-group.schema';
import { Enrollment, enrollmentSchema } from './enrollment.schema';
import { eventSchema, TrackedEvent } from './event.schema';
import { JourneyVersion, journeyVersionSchema } from './journey-version.schema';
import { ChannelConfigDoc, channelConfigSchema } from './channel-config.schema';
import { MessagePost, messagePostSchema } from './message-post.schema';
import { MessageSend, messageSendSchema } from './message-send.schema';
import { MessageTemplate, messageTemplateSchema, messageTemplateVersionSchema } from './message-template.schema';
import { MessagingPolicyDoc, messagingPolicySchema } from './messaging-policy.schema';
import { SendCounter, sendCounterSchema } from './send-counter.schema';
import { Journey, journeySchema } from './journey.schema';
import { JourneyDayStats, journeyStatsSchema, StatInbox, statInboxSchema } from './journey-stats.schema';
import { Segment, SegmentMembership, segmentMembershipSchema, segmentSchema } from './segment.schema';
import { Step, stepSchema } from './step.schema';
import { Task, taskSchema } from './task.schema';

/** Collections the runtime and the API share. The names double as mongoose model names. */
export const runtimeSchemas = {
  ActionRun: actionRunSchema,
  ChannelConfig: channelConfigSchema,
  Contact: contactSchema,
  ContactKey: contactKeySchema,
  CustomerGroup: customerGroupSchema,
  GroupMember: groupMemberSchema,
  Enrollment: enrollmentSchema,
  Journey: journeySchema,
  JourneyVersion: journeyVersionSchema,
  JourneyStats: journeyStatsSchema,
  StatInbox: statInboxSchema,
  MessagePost: messagePostSchema,
  MessageSend: messageSendSchema,
  MessageTemplate: messageTemplateSchema,
  MessageTemplateVersion: messageTemplateVersionSchema,
  MessagingPolicy: messagingPolicySchema,
  SendCounter: sendCounterSchema,
  Segment: segmentSchema,
  SegmentMembership: segmentMembershipSchema,
  Step: stepSchema,
  Task: taskSchema,
  TrackedEvent: eventSchema,
} as const;

export interface RuntimeModels {
  actionRuns: Model<ActionRun>;
  contacts: Model<Contact>;
  contactKeys: Model<ContactKey>;
  enrollments: Model<Enrollment>;
  journeys: Model<Journey>;
  journeyVersions: Model<JourneyVersion>;
  journeyStats: Model<JourneyDayStats>;
  statInbox: Model<StatInbox>;
  segments: Model<Segment>;
  segmentMemberships: Model<SegmentMembership>;
  steps: Model<Step>;
  events: Model<TrackedEvent>;
  messagePosts: Model<MessagePost>;
  messageSends: Model<MessageSend>;
  messageTemplates: Model<MessageTemplate>;
  messagingPolicies: Model<MessagingPolicyDoc>;
  channelConfigs: Model<ChannelConfigDoc>;
  sendCounters: Model<SendCounter>;
  tasks: Model<Task>;
}

export function runtimeModels(connection: Connection): RuntimeModels {
  return {
    actionRuns: connection.model('ActionRun', actionRunSchema) as unknown as Model<ActionRun>,
    contacts: connection.model('Contact', contactSchema) as unknown as Model<Contact>,
    contactKeys: connection.model('ContactKey', contactKeySchema) as unknown as Model<ContactKey>,
    enrollments: connection.model('Enrollment', enrollmentSchema) as unknown as Model<Enrollment>,
    journeys: connection.model('Journey', journeySchema) as unknown as Model<Journey>,
    journeyVersions: connection.model('JourneyVersion', journeyVersionSchema) as unknown as Model<JourneyVersion>,
    journeyStats: connection.model('JourneyStats', journeyStatsSchema) as unknown as Model<JourneyDayStats>,
    statInbox: connection.model('StatInbox', statInboxSchema) as unknown as Model<StatInbox>,
    segments: connection.model('Segment', segmentSchema) as unknown as Model<Segment>,
    segmentMemberships: connection.model('SegmentMembership', segmentMembershipSchema) as unknown as Model<SegmentMembership>,
    steps: connection.model('Step', stepSchema) as unknown as Model<Step>,
    events: connection.model('TrackedEvent', eventSchema) as unknown as Model<TrackedEvent>,
    messagePosts: connection.model('MessagePost', messagePostSchema) as unknown as Model<MessagePost>,
    messageSends: connection.model('MessageSend', messageSendSchema) as unknown as Model<MessageSend>,
    messageTemplates: connection.model('MessageTemplate', messageTemplateSchema) as unknown as Model<MessageTemplate>,
    messagingPolicies: connection.model('MessagingPolicy', messagingPolicySchema) as unknown as Model<MessagingPolicyDoc>,
    channelConfigs: connection.model('ChannelConfig', channelConfigSchema) as unknown as Model<ChannelConfigDoc>,
    sendCounters: connection.model('SendCounter', sendCounterSchema) as unknown as Model<SendCounter>,
    tasks: connection.model('Task', taskSchema) as unknown as Model<Task>,
  };
}
