import { InferSchemaType, Schema } from 'mongoose';

export const journeyStatuses = ['draft', 'active', 'paused', 'archived'] as const;
export type JourneyStatus = (typeof journeyStatuses)[number];

export const journeySchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    name: { type: String, required: true },
    status: { type: String, enum: journeyStatuses, required: true, default: 'draft' },
    /** The graph being edited; compiled only on validate and publish. */
    draft: { type: Schema.Types.Mixed, required: true },
    /** What the runtime routes by: a copy of the published plan's entry and listened events. */
    published: {
      type: new Schema(
        {
          version: { type: Number, required: true },
          hash: { type: String, required: true },
          entryEvents: { type: [String], default: [] },
          /** The trigger node, so incoming events are filtered without loading the plan. */
          trigger: { type: new Schema({ type: { type: String, required: true }, config: { type: Schema.Types.Mixed, default: {} } }, { _id: false, minimize: false }) },
          /** What running enrolments of this version react to, copied onto each enrolment for routing. */
          listensTo: { type: [String], default: [] },
          watchesContact: { type: Boolean, default: false },
          /** The version's settings: entry rules are checked when an event would enrol. */
          settings: { type: Schema.Types.Mixed },
        },
        { _id: false },
      ),
      required: false,
    },
    /**
     * What enrolments of any version published so far react to: contacts still on an old
     * version are routed its events too. Only ever grows.
     */
    routing: {
      type: new Schema({ listensTo: { type: [String], default: [] }, watchesContact: { type: Boolean, default: false } }, { _id: false }),
      required: false,
    },
  },
  { collection: 'journeys', timestamps: true, minimize: false },
);
journeySchema.index({ workspaceId: 1, status: 1, 'published.entryEvents': 1 });

export type Journey = InferSchemaType<typeof journeySchema>;
