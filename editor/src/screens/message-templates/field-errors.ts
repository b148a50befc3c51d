import { fieldProblems } from '../../ui/api-problem';

/**
 * The API's field errors by path ("bodies.sms.text"), so each input shows its own: Liquid
 * problems come with their line and column, shape problems with what was expected.
 */
export type FieldErrors = Map<string, string[]>;

export function fieldErrorsOf(error: unknown): FieldErrors {
  const errors: FieldErrors = new Map();
  for (const problem of fieldProblems(error)) {
    if (!problem.path) continue;
    errors.set(problem.path, [...(errors.get(problem.path) ?? []), problem.message]);
  }
  return errors;
}

/** The errors at exactly this path. */
export function errorsAt(errors: FieldErrors, path: string): string[] {
  return errors.get(path) ?? [];
}
