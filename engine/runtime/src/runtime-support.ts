import { Plan } from '@trellis/journey';

/**
 * Journey settings the Temporal driver cannot honour yet: goals, exit criteria and entry rules
 * need signals to running enrolments and enrolment history (the durable-runtime issue). The API
 * refuses to publish a plan that uses them, so no contact runs a journey that ignores its rules.
 */
export function unsupportedSettings(plan: Plan): string[] {
  const { settings } = plan;
  const unsupported: string[] = [];
  if (settings.reentry.mode !== 'never') unsupported.push('settings.reentry');
  if (settings.maxConcurrent !== undefined) unsupported.push('settings.maxConcurrent');
  if (settings.audience) unsupported.push('settings.audience');
  if (settings.enrolmentWindow) unsupported.push('settings.enrolmentWindow');
  if (settings.goal) unsupported.push('settings.goal');
  if (settings.exitCriteria) unsupported.push('settings.exitCriteria');
  return unsupported;
}
