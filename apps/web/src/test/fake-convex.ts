import { getFunctionName, type FunctionReference } from "convex/server";
import { useSyncExternalStore } from "react";

/**
 * A stand-in for Convex's React hooks in component tests: query results are set per function
 * name (undefined = loading, an Error = the query failed) and pushed to subscribed components
 * the way Convex pushes updates; mutations are scripted per name.
 */
export function createFakeConvex() {
  const results = new Map<string, unknown>();
  const mutations = new Map<string, (args: unknown) => unknown>();
  const listeners = new Set<() => void>();
  let version = 0;

  const subscribe = (cb: () => void) => {
    listeners.add(cb);
    return () => void listeners.delete(cb);
  };

  return {
    setQuery(name: string, value: unknown) {
      results.set(name, value);
      version += 1;
      listeners.forEach((l) => l());
    },
    onMutation(name: string, fn: (args: unknown) => unknown) {
      mutations.set(name, fn);
    },
    /** The module `vi.mock("convex/react", () => fake.module)` installs. */
    module: {
      useQuery: (ref: FunctionReference<"query">) => {
        useSyncExternalStore(subscribe, () => version);
        const value = results.get(getFunctionName(ref));
        if (value instanceof Error) throw value;
        return value;
      },
      useMutation: (ref: FunctionReference<"mutation">) => {
        const name = getFunctionName(ref);
        return (args: unknown) => {
          const fn = mutations.get(name);
          return fn
            ? Promise.resolve().then(() => fn(args))
            : Promise.reject(new Error(`No fake for ${name}`));
        };
      },
      useConvexAuth: () => ({ isLoading: false, isAuthenticated: true, isRefreshing: false }),
    },
  };
}
