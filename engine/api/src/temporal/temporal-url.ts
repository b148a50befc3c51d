import { ApiConfig } from '../config/api-config';

/** The enrolment's page in the Temporal Web UI, when one is configured. */
export function temporalWorkflowUrl(config: Pick<ApiConfig, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>, workflowId: string): string | null {
  if (!config.TEMPORAL_UI_URL) return null;
  return `${config.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** A Temporal Schedule's page in the Temporal Web UI, when one is configured. */
export function temporalScheduleUrl(config: Pick<ApiConfig, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>, scheduleId: string): string | null {
  if (!config.TEMPORAL_UI_URL) return null;
  return `${config.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/schedules/${encodeURIComponent(scheduleId)}`;
}
