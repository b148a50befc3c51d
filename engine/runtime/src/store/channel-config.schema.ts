import { InferSchemaType, Schema } from 'mongoose';

/** A workspace's config of one kind of channel (`channelConfigSchemas` in @trellis/journey), keyed `workspaceId:kind`. */
export const channelConfigSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    kind: { type: String, required: true },
    config: { type: Schema.Types.Mixed, required: true },
    updatedBy: { type: String },
  },
  { collection: 'channel_configs', timestamps: true, minimize: false },
);
export type ChannelConfigDoc = InferSchemaType<typeof channelConfigSchema>;

export const channelConfigId = (workspaceId: string, kind: string) => `${workspaceId}:${kind}`;
