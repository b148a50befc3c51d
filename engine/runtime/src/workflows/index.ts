// The workflow bundle's entry point: only workflow code may be reachable from here.
export * from './journey.workflow';
export * from './api-work.workflow';
export * from './task-sla.workflow';
export * from './queued-send.workflow';
