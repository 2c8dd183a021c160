export * from './vpc-ingress-connection';
