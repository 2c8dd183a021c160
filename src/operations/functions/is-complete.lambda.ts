/**
 * Entry point of the operations provider's isComplete function: projen bundles this file into
 * assets/operations/functions/is-complete.lambda/index.js, whose `handler` is `isComplete` of the
 * handlers (../runtime). projen generates is-complete-function.ts next to it.
 */
export { isComplete as handler } from '../runtime';
