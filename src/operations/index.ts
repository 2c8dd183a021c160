export * from './operations-provider';
