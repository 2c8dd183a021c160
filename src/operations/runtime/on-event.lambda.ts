/**
 * Entry point of the operations provider's onEvent function: projen bundles this file into
 * assets/operations/runtime/on-event.lambda/index.js, whose `handler` is `onEvent` of ./index.
 */
export { onEvent as handler } from './index';
