import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';

export interface ProblemMessage {
  /** What went wrong, in the user's language. */
  summary: string;
  /** The API's own explanation (problem+json `detail`), when it gave one. */
  detail?: string;
  /** Field errors of a 400, each with where it is. */
  fields: { path?: string; message: string }[];
}

/** Statuses with a message of their own; any other 4xx reads as "refused", any 5xx as "server". */
const knownStatuses = new Set([400, 401, 403, 404, 409, 429]);

/**
 * Turns whatever a request threw into words for an alert: the status says what kind of failure
 * it was (translated), the problem+json body says why. `overrides` lets a screen say it better
 * (a 401 on sign-in means a wrong password, not an expired session).
 */
export function problemMessage(error: unknown, t: TFunction<'access'>, overrides: Partial<Record<number, string>> = {}): ProblemMessage {
  if (!(error instanceof ApiError)) {
    // fetch rejects with a TypeError when the API cannot be reached at all.
    return { summary: t('errors.network'), detail: error instanceof Error ? error.message : undefined, fields: [] };
  }
  const key = knownStatuses.has(error.status) ? `errors.status${error.status}` : error.status >= 500 ? 'errors.server' : 'errors.refused';
  const body = error.body as { errors?: { path?: string; message?: string }[] } | undefined;
  const fields = (body?.errors ?? []).flatMap((field) => (field.message ? [{ path: field.path, message: field.message }] : []));
  return { summary: overrides[error.status] ?? t(key, { status: error.status }), detail: error.detail, fields };
}
