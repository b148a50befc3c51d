import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Client } from '@temporalio/client';
import { contactImportWorkflowId, contactImportWorkflowType, ContactImportInput } from '@trellis/runtime';
import { stringify } from 'csv-stringify/sync';
import { isObjectIdOrHexString, Model, trusted } from 'mongoose';
import { Readable } from 'node:stream';
import { AuditLog } from '../access/audit-log.service';
import { Actor } from '../access/principal';
import { problems } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { ApiActivityWorker } from '../temporal/activity-worker';
import { bounded } from '../temporal/bounded';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { chunkId, ContactImport, ContactImportChunk, ContactImportError } from './contact-import.schema';
import { CreateImportBody } from './contact-imports.dto';
import { receiveCsv } from './import-upload';

type ImportDoc = ContactImport & { _id: unknown; createdAt?: Date };

function importView(doc: ImportDoc) {
  return {
    id: String(doc._id),
    status: doc.status,
    fileName: doc.fileName ?? null,
    bytes: doc.bytes ?? 0,
    sameFileAs: doc.sameFileAs ?? null,
    rowsTotal: doc.rowsTotal ?? null,
    rowsDone: doc.rowsDone ?? 0,
    created: doc.created ?? 0,
    updated: doc.updated ?? 0,
    unchanged: doc.unchanged ?? 0,
    failed: doc.failed ?? 0,
    error: doc.error ?? null,
    mapping: doc.mapping as unknown,
    createdAt: doc.createdAt?.toISOString() ?? null,
    startedAt: doc.startedAt?.toISOString() ?? null,
    finishedAt: doc.finishedAt?.toISOString() ?? null,
  };
}

/** Contact imports: a job with its mapping, its file streamed in, a pass on Temporal, its progress and errors. */
@Injectable()
export class ContactImportsService {
  constructor(
    @InjectModel('ContactImport') private readonly imports: Model<ContactImport>,
    @InjectModel('ContactImportChunk') private readonly chunks: Model<ContactImportChunk>,
    @InjectModel('ContactImportError') private readonly errors: Model<ContactImportError>,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly worker: ApiActivityWorker,
    private readonly audit: AuditLog,
  ) {}

  async create(workspaceId: string, body: CreateImportBody) {
    const doc = await this.imports.create({ workspaceId, status: 'awaiting_file', mapping: body.mapping, ...(body.fileName ? { fileName: body.fileName } : {}) });
    return importView(doc.toObject() as ImportDoc);
  }

  /**
   * Takes the file as it streams in (checked, counted and stored in pieces; see receiveCsv), then
   * starts the pass. A file refused leaves the job waiting for a better one.
   */
  async upload(workspaceId: string, importId: string, { body, csv, type }: { body: Readable; csv: boolean; type: string }, actor: Actor) {
    const job = await this.find(workspaceId, importId);
    if (job.status !== 'awaiting_file') throw problems.conflict(`Import ${importId} has its file already (${job.status}); create a new import for another file.`);
    if (!csv) throw problems.validation([{ path: 'content-type', code: 'unsupported_media_type', message: `send the file as text/csv (got "${type || 'nothing'}")` }]);
    let stored = 0;
    const discard = () => this.chunks.deleteMany({ _id: trusted({ $in: Array.from({ length: stored }, (_, seq) => chunkId(importId, seq)) }) });
    let file;
    try {
      file = await receiveCsv(body, job.mapping as CreateImportBody['mapping'], async (seq, text) => {
        await this.chunks.create({ _id: chunkId(importId, seq), importId, seq, text });
        stored = seq + 1;
      });
    } catch (error) {
      await discard();
      throw error;
    }
    const earlier = await this.imports.findOne({ workspaceId, sha256: file.sha256, status: 'completed' }, { _id: 1 }).lean();
    await this.imports.updateOne(
      { _id: importId },
      { $set: { status: 'queued', bytes: file.bytes, sha256: file.sha256, rowsTotal: file.rows, ...(earlier ? { sameFileAs: String(earlier._id) } : {}) } },
    );
    const input: ContactImportInput = { workspaceId, importId, activityQueue: this.worker.taskQueue };
    try {
      await bounded(this.temporal, () =>
        this.temporal.workflow.start(contactImportWorkflowType, { taskQueue: this.config.TEMPORAL_TASK_QUEUE, workflowId: contactImportWorkflowId(importId), args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' }),
      );
    } catch {
      await discard();
      await this.imports.updateOne({ _id: importId }, { $set: { status: 'awaiting_file' }, $unset: { sha256: '', sameFileAs: '', rowsTotal: '', bytes: '' } });
      throw problems.unavailable('The import could not be started right now (Temporal is unreachable); nothing was kept. Upload the file again.');
    }
    await this.audit.record(workspaceId, actor, 'contacts.imported', { type: 'import', id: importId }, { rows: file.rows, bytes: file.bytes });
    return this.get(workspaceId, importId);
  }

  async get(workspaceId: string, importId: string) {
    return importView(await this.find(workspaceId, importId));
  }

  async list(workspaceId: string) {
    const docs = await this.imports.find({ workspaceId }).sort({ _id: -1 }).limit(100).lean();
    return { imports: docs.map((doc) => importView(doc as ImportDoc)) };
  }

  /** The rows not imported, as CSV (line, column, message), in file order. */
  async errorsCsv(workspaceId: string, importId: string): Promise<string> {
    await this.find(workspaceId, importId);
    const errors = await this.errors.find({ importId }, { line: 1, column: 1, message: 1 }).lean();
    errors.sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? ''));
    return stringify(errors.map((error) => [error.line, error.column ?? '', error.message]), { header: true, columns: ['line', 'column', 'message'] });
  }

  private async find(workspaceId: string, importId: string): Promise<ImportDoc> {
    const doc = isObjectIdOrHexString(importId) ? await this.imports.findOne({ _id: importId, workspaceId }).lean() : null;
    if (!doc) throw problems.notFound(`Import ${importId}`);
    return doc as ImportDoc;
  }
}
