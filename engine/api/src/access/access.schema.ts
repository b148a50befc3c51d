import { InferSchemaType, Schema } from 'mongoose';
import { apiKeyScopes, roles } from './permissions';

/** A workspace API key: the key itself is shown once, at creation; only its secret's hash is kept. */
export const apiKeySchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    name: { type: String, required: true },
    scope: { type: String, enum: apiKeyScopes, required: true },
    hash: { type: String, required: true },
    /** The key's first characters, so people can tell their keys apart. */
    prefix: { type: String, required: true },
    createdBy: { type: String },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date },
  },
  { collection: 'api_keys' },
);
apiKeySchema.index({ workspaceId: 1 });
export type ApiKey = InferSchemaType<typeof apiKeySchema>;

/** A person who signs in to the editor; what they may do is per workspace (`Membership`). */
export const operatorSchema = new Schema(
  {
    email: { type: String, required: true },
    name: { type: String, required: true },
    /** argon2id, with its parameters in the encoded string. */
    passwordHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'operators' },
);
operatorSchema.index({ email: 1 }, { unique: true });
export type Operator = InferSchemaType<typeof operatorSchema>;

/** An operator's role in a workspace; `_id` is `workspaceId:operatorId`, so a request checks it by id. */
export const membershipSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    operatorId: { type: String, required: true },
    role: { type: String, enum: roles, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'memberships' },
);
membershipSchema.index({ workspaceId: 1 });
membershipSchema.index({ operatorId: 1 });
export type Membership = InferSchemaType<typeof membershipSchema>;

export const membershipId = (workspaceId: string, operatorId: string) => `${workspaceId}:${operatorId}`;

/** A signed-in operator's session: valid until it expires or they sign out. */
export const sessionSchema = new Schema(
  {
    operatorId: { type: String, required: true },
    hash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    endedAt: { type: Date },
  },
  { collection: 'sessions' },
);
export type Session = InferSchemaType<typeof sessionSchema>;

/** An invitation to join a workspace in a role, accepted once with the token it was sent with. */
export const inviteSchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    email: { type: String, required: true },
    role: { type: String, enum: roles, required: true },
    hash: { type: String, required: true },
    invitedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    acceptedAt: { type: Date },
  },
  { collection: 'invites' },
);
export type Invite = InferSchemaType<typeof inviteSchema>;

/** Who did what to which workspace resource, and when: written for every change an admin would ask about. */
export const auditEventSchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    at: { type: Date, required: true },
    actor: {
      type: new Schema({ kind: { type: String, enum: ['operator', 'apiKey', 'installation'], required: true }, id: { type: String, required: true }, name: { type: String, required: true } }, { _id: false }),
      required: true,
    },
    action: { type: String, required: true },
    target: { type: new Schema({ type: { type: String, required: true }, id: { type: String, required: true } }, { _id: false }), required: true },
    details: { type: Schema.Types.Mixed },
  },
  { collection: 'audit_events', minimize: false },
);
auditEventSchema.index({ workspaceId: 1, at: -1 });
export type AuditEvent = InferSchemaType<typeof auditEventSchema>;
