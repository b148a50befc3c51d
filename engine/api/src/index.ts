export * from './config/api-config';
export * from './create-app';
