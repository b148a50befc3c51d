export * from './activities/create-activities';
export * from './enrollment-ref';
export * from './store/connect';
export * from './store/contact.schema';
export * from './store/enrollment.schema';
export * from './store/journey-version.schema';
export * from './store/models';
export * from './store/step.schema';
export type { journeyWorkflow } from './workflows/journey.workflow';
