import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** One field error of a problem+json answer: where (a JSON path such as "bodies.sms.text") and what. */
export interface FieldProblem {
  path?: string;
  message: string;
}

/** Wording a screen knows better than the status does, e.g. a 401 on sign-in is a wrong password. */
export type StatusOverrides = Partial<Record<number, string>>;

export interface ProblemMessage {
  /** What went wrong, in the reader's language. */
  summary: string;
  /** The API's own explanation (problem+json `detail`), when it gave one. */
  detail?: string;
  fields: FieldProblem[];
}

/** Statuses with a message of their own; any other 4xx reads as "refused", any 5xx as "server". */
const knownStatuses = new Set([400, 401, 403, 404, 409, 422, 429]);

/** The field errors of a problem+json answer (`errors`), if it has any. */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const errors = (error.body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((item: { path?: unknown; message?: unknown } | null) =>
    typeof item?.message === 'string' ? [{ ...(typeof item.path === 'string' ? { path: item.path } : {}), message: item.message }] : [],
  );
}

/**
 * Whatever a request threw, as words for an alert: the status says what kind of failure it was
 * (translated), the problem+json body says why.
 */
export function problemMessage(error: unknown, t: TFunction, overrides: StatusOverrides = {}): ProblemMessage {
  if (error instanceof ApiError) {
    const key = knownStatuses.has(error.status) ? `apiError.status${error.status}` : error.status >= 500 ? 'apiError.server' : 'apiError.refused';
    return { summary: overrides[error.status] ?? t(key, { ns: 'common', status: error.status }), detail: error.detail, fields: fieldProblems(error) };
  }
  // fetch rejects with a TypeError when the API cannot be reached at all; anything else thrown
  // in the browser (a file that cannot be read) says itself what went wrong.
  if (error instanceof TypeError) return { summary: t('apiError.network', { ns: 'common' }), detail: error.message, fields: [] };
  return { summary: error instanceof Error ? error.message : String(error), fields: [] };
}
