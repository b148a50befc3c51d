import { Plan } from '@trellis/journey';

/**
 * Journey settings the runtime cannot honour yet: entry rules need enrolment history and
 * re-entry needs an enrolment sequence in the workflow id (the rest of the durable-runtime
 * issue). The API refuses to publish a plan that uses them, so no contact runs a journey that
 * ignores its rules. Goals and exit criteria run: events reach running enrolments as signals.
 */
export function unsupportedSettings(plan: Plan): string[] {
  const { settings } = plan;
  const unsupported: string[] = [];
  if (settings.reentry.mode !== 'never') unsupported.push('settings.reentry');
  if (settings.maxConcurrent !== undefined) unsupported.push('settings.maxConcurrent');
  if (settings.audience) unsupported.push('settings.audience');
  if (settings.enrolmentWindow) unsupported.push('settings.enrolmentWindow');
  return unsupported;
}
