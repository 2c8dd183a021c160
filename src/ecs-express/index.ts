export * from './ecs-express-twin';
export * from './scaling-metric';
