import { InferSchemaType, Schema } from 'mongoose';

export const importStatuses = ['awaiting_file', 'queued', 'running', 'completed', 'failed'] as const;

/** An import job: its mapping, its file (stored in chunks), and how far it got. */
export const contactImportSchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    status: { type: String, enum: importStatuses, required: true },
    mapping: { type: Schema.Types.Mixed, required: true },
    fileName: { type: String },
    bytes: { type: Number, default: 0 },
    /** SHA-256 of the file as uploaded: the same file imported again is named in `sameFileAs`. */
    sha256: { type: String },
    sameFileAs: { type: String },
    rowsTotal: { type: Number },
    rowsDone: { type: Number, default: 0 },
    created: { type: Number, default: 0 },
    updated: { type: Number, default: 0 },
    unchanged: { type: Number, default: 0 },
    failed: { type: Number, default: 0 },
    /** Why the job stopped, when it failed as a whole (its rows' errors are in `contact_import_errors`). */
    error: { type: String },
    startedAt: { type: Date },
    finishedAt: { type: Date },
  },
  { collection: 'contact_imports', timestamps: true },
);
export type ContactImport = InferSchemaType<typeof contactImportSchema>;

/** The uploaded file as text (decoded to UTF-8), in pieces of about 1 MB, in order. */
export const contactImportChunkSchema = new Schema(
  {
    _id: { type: String, required: true },
    importId: { type: String, required: true },
    seq: { type: Number, required: true },
    text: { type: String, required: true },
  },
  { collection: 'contact_import_chunks' },
);
export type ContactImportChunk = InferSchemaType<typeof contactImportChunkSchema>;

/** A row that was not imported, and why; keyed `importId:line:column`, so a retried pass writes it once. */
export const contactImportErrorSchema = new Schema(
  {
    _id: { type: String, required: true },
    importId: { type: String, required: true },
    line: { type: Number, required: true },
    column: { type: String },
    message: { type: String, required: true },
  },
  { collection: 'contact_import_errors' },
);
export type ContactImportError = InferSchemaType<typeof contactImportErrorSchema>;

export const chunkId = (importId: string, seq: number) => `${importId}:${String(seq).padStart(6, '0')}`;
