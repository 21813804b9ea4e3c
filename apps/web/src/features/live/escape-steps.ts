import { createContext, useContext, useEffect, useEffectEvent } from "react";

/**
 * Steps in progress inside the live modal (a target pick, a move) that Escape backs out of
 * before it may ask to leave the table. Radix hears Escape on the document before any of the
 * modal's own key handlers, so the modal asks this stack instead of waiting for them.
 */
export type EscapeSteps = {
  push: (cancel: () => void) => () => void;
  /** Cancels the latest step; false when nothing is in progress. */
  cancelLatest: () => boolean;
};

export function escapeSteps(): EscapeSteps {
  const stack: (() => void)[] = [];
  return {
    push: (cancel) => {
      stack.push(cancel);
      return () => {
        const i = stack.lastIndexOf(cancel);
        if (i >= 0) stack.splice(i, 1);
      };
    },
    cancelLatest: () => {
      const cancel = stack.at(-1);
      cancel?.();
      return cancel !== undefined;
    },
  };
}

export const EscapeStepsContext = createContext<EscapeSteps | null>(null);

/** While `active`, Escape in the live modal calls `cancel` (the latest one wins). */
export function useEscapeCancels(active: boolean, cancel: () => void): void {
  const steps = useContext(EscapeStepsContext);
  const onEscape = useEffectEvent(cancel);
  useEffect(() => {
    if (!active || !steps) return;
    return steps.push(() => onEscape());
  }, [active, steps]);
}
