import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Context } from '@temporalio/activity';
import { ContactImportInput } from '@trellis/runtime';
import { Model } from 'mongoose';
import { Readable } from 'node:stream';
import { skippingExisting } from '../common/skipping-existing';
import { ContactChanges } from '../contacts/contact-changes';
import { ApiActivityWorker } from '../temporal/activity-worker';
import { ContactBatchWriter } from './contact-batch-writer';
import { chunkId, ContactImport, ContactImportChunk, ContactImportError } from './contact-import.schema';
import { ImportRow, importMapping, mapRow, RowError } from './import-mapping';
import { csvParser } from './import-upload';

/** Rows written per batch: one command per step of each batch (see ContactBatchWriter). */
const batchRows = 500;

/** How far a pass got; heartbeated, so a retried pass resumes after `rowsDone`. */
export interface ImportProgress {
  rowsDone: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

interface PassControl {
  resumeFrom?: ImportProgress;
  beat(progress: ImportProgress): void;
  /** No retry follows a failure of this attempt: the job is marked failed. */
  lastAttempt: boolean;
  /** Aborted when this process stops (a deploy, say): the pass stops between batches and another attempt resumes it. */
  signal: AbortSignal;
}

/** The pass over an import's stored file, as the API's activity `importContacts`. */
@Injectable()
export class ContactImportRunner implements OnModuleInit {
  private readonly logger = new Logger(ContactImportRunner.name);

  constructor(
    @InjectModel('ContactImport') private readonly imports: Model<ContactImport>,
    @InjectModel('ContactImportChunk') private readonly chunks: Model<ContactImportChunk>,
    @InjectModel('ContactImportError') private readonly errors: Model<ContactImportError>,
    private readonly writer: ContactBatchWriter,
    private readonly changes: ContactChanges,
    private readonly worker: ApiActivityWorker,
  ) {}

  onModuleInit(): void {
    this.worker.register({
      importContacts: (input: ContactImportInput) => {
        const context = Context.current();
        const maximumAttempts = context.info.retryPolicy?.maximumAttempts ?? 0;
        return this.run(input.workspaceId, input.importId, {
          ...(context.info.heartbeatDetails ? { resumeFrom: context.info.heartbeatDetails as ImportProgress } : {}),
          beat: (progress) => context.heartbeat(progress),
          lastAttempt: maximumAttempts > 0 && context.info.attempt >= maximumAttempts,
          signal: context.cancellationSignal,
        });
      },
    });
  }

  async run(workspaceId: string, importId: string, control: PassControl): Promise<{ rowsDone: number; failed: number }> {
    const job = await this.imports.findOne({ _id: importId, workspaceId }).lean();
    if (!job || job.status === 'completed' || job.status === 'failed') return { rowsDone: job?.rowsDone ?? 0, failed: job?.failed ?? 0 };
    try {
      return await this.pass(workspaceId, importId, job, control);
    } catch (error) {
      if (control.lastAttempt && !control.signal.aborted) {
        await this.imports.updateOne({ _id: importId }, { $set: { status: 'failed', error: (error as Error).message, finishedAt: new Date() } });
      }
      this.logger.warn(`import ${importId} stopped at an error (${control.lastAttempt ? 'failed' : 'it will be retried'}): ${(error as Error).message}`);
      throw error;
    }
  }

  private async pass(workspaceId: string, importId: string, job: ContactImport, control: PassControl) {
    const mapping = importMapping.parse(job.mapping);
    const progress: ImportProgress = control.resumeFrom ?? { rowsDone: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
    await this.imports.updateOne({ _id: importId }, { $set: { status: 'running', ...(job.startedAt ? {} : { startedAt: new Date() }) } });

    const chunks = this.chunks;
    const parser = Readable.from(
      (async function* () {
        for (let seq = 0; ; seq++) {
          const chunk = await chunks.findById(chunkId(importId, seq), { text: 1 }).lean();
          if (!chunk) return;
          yield chunk.text;
        }
      })(),
    ).pipe(csvParser(mapping, { columns: true }));

    let row = 0;
    let batch: { record: Record<string, string>; line: number }[] = [];
    const flush = async () => {
      await this.writeBatch(workspaceId, importId, batch, mapping, progress);
      batch = [];
      control.beat(progress);
    };
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      // Rows a previous attempt reported done are done: it wrote them before it said so.
      if (row++ < progress.rowsDone) continue;
      if (control.signal.aborted) throw new Error(`stopped after row ${progress.rowsDone}: this process is shutting down, and the next attempt resumes there`);
      batch.push({ record, line: info.lines });
      if (batch.length === batchRows) await flush();
    }
    if (batch.length) await flush();
    await this.imports.updateOne({ _id: importId }, { $set: { status: 'completed', rowsTotal: row, finishedAt: new Date() } });
    return { rowsDone: progress.rowsDone, failed: progress.failed };
  }

  private async writeBatch(workspaceId: string, importId: string, batch: readonly { record: Record<string, string>; line: number }[], mapping: ReturnType<typeof importMapping.parse>, progress: ImportProgress) {
    const rows: ImportRow[] = [];
    const errors: RowError[] = [];
    for (const { record, line } of batch) {
      const mapped = mapRow(record, line, mapping);
      if ('row' in mapped) rows.push(mapped.row);
      else errors.push(...mapped.errors);
    }
    if (errors.length) {
      const documents = errors.map((error) => ({ _id: `${importId}:${error.line}:${error.column ?? ''}`, importId, line: error.line, ...(error.column ? { column: error.column } : {}), message: error.message }));
      // Keyed by row and column: a retried batch finds its errors written.
      await skippingExisting(() => this.errors.collection.insertMany(documents as never[], { ordered: false }));
    }
    const written = rows.length ? await this.writer.write(workspaceId, rows) : undefined;
    progress.rowsDone += batch.length;
    progress.failed += new Set(errors.map((error) => error.line)).size;
    if (written) {
      progress.created += written.created;
      progress.updated += written.updated;
      progress.unchanged += written.unchanged;
    }
    await this.imports.updateOne({ _id: importId }, { $set: { ...progress } });
    if (written) await this.changes.changed({ workspaceId, contactIds: written.contactIds, paths: written.paths });
  }
}
