export * from './auto-scaling-configuration';
