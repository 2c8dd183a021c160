/**
 * Entry point of the operations provider's isComplete function: projen bundles this file into
 * assets/operations/runtime/is-complete.lambda/index.js, whose `handler` is `isComplete` of ./index.
 */
export { isComplete as handler } from './index';
