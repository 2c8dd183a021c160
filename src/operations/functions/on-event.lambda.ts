/**
 * Entry point of the operations provider's onEvent function: projen bundles this file into
 * assets/operations/functions/on-event.lambda/index.js, whose `handler` is `onEvent` of the
 * handlers (../runtime). projen generates on-event-function.ts next to it.
 */
export { onEvent as handler } from '../runtime';
