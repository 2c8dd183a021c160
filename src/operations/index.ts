export * from './operations-provider';
export * from './run-schedule';
