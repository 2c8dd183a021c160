import { IConstruct } from 'constructs';

/**
 * The state `registry` keeps for the app `scope` belongs to (its construct tree's root),
 * created with `init` on first use: for synth-time checks that count across an app.
 */
export function appState<T>(registry: WeakMap<IConstruct, T>, scope: IConstruct, init: () => T): T {
  const root = scope.node.root;
  let state = registry.get(root);
  if (state === undefined) {
    state = init();
    registry.set(root, state);
  }
  return state;
}
