/** A contact import as the API reports it (engine/api/src/imports/contact-imports.service.ts). */
export interface ContactImport {
  id: string;
  status: 'awaiting_file' | 'queued' | 'running' | 'completed' | 'failed';
  fileName: string | null;
  bytes: number;
  sameFileAs: string | null;
  rowsTotal: number | null;
  rowsDone: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  error: string | null;
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export function importFinished(job: Pick<ContactImport, 'status'>): boolean {
  return job.status === 'completed' || job.status === 'failed';
}

/** A row the import left out: its line in the file, the column at fault (if one) and why. */
export interface ImportRowError {
  line: number;
  column: string;
  message: string;
}
