export * from './values';
export * from './health-check';
export * from './secret';
export * from './connection';
export * from './source-props';
export * from './source';
export * from './service-base';
export * from './service';
