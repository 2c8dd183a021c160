export * from './service';
export * from './auto-scaling-configuration';
export * from './observability-configuration';
export * from './vpc-connector';
export * from './vpc-ingress-connection';
export * from './operations';
export * from './custom-domain';
export * from './nag';
