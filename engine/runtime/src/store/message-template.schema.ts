import { InferSchemaType, Schema } from 'mongoose';

/**
 * A message template, keyed `workspaceId:key` (the key journeys' `action.message` nodes name).
 * It holds its newest version's bodies, the ones sends render; every version is also kept whole
 * in `message_template_versions`, so an edit can be seen, compared and rolled back.
 */
export const messageTemplateSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    key: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String },
    version: { type: Number, required: true },
    /** Per kind of channel (`wecom`, `sms`, `email`, `push`), as `messageBodies` in @trellis/journey defines them. */
    bodies: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'message_templates', timestamps: true, minimize: false },
);
export type MessageTemplate = InferSchemaType<typeof messageTemplateSchema>;

/** One version of a template as it was saved, keyed `workspaceId:key:version`: never changed. */
export const messageTemplateVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    key: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    bodies: { type: Schema.Types.Mixed, required: true },
    note: { type: String },
    savedBy: { type: String },
    savedAt: { type: Date, required: true },
  },
  { collection: 'message_template_versions', minimize: false },
);
export type MessageTemplateVersion = InferSchemaType<typeof messageTemplateVersionSchema>;

export const messageTemplateId = (workspaceId: string, key: string) => `${workspaceId}:${key}`;
export const messageTemplateVersionId = (workspaceId: string, key: string, version: number) => `${workspaceId}:${key}:${version}`;
