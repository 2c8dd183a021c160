export * from './observability-configuration';
