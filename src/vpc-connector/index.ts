export * from './vpc-connector';
