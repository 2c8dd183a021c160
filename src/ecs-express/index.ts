export * from './ecs-express-twin';
export * from './scaling-metric';
export * from './traffic-split';
export * from './domain-cutover';
