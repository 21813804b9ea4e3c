import { useCallback, useEffect, useLayoutEffect, useRef } from "react";
import { useBlocker, type Blocker, type BlockerFunction } from "react-router";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "./ui/alert-dialog";

/**
 * Keeps unsaved edits from being lost by accident: leaving for another page asks first (render
 * `UnsavedChangesDialog` with the returned blocker), and closing or reloading the tab gets the
 * browser's own prompt. A page that leaves on purpose after saving or deleting calls
 * `allowLeave()` first.
 */
export function useUnsavedChangesGuard(dirty: boolean): { blocker: Blocker; allowLeave: () => void } {
  const allowed = useRef(false);
  // Read at navigation time, current from the commit that shows the edits: a blocker function
  // that changed with `dirty` would reach the router only in a later passive effect.
  const dirtyNow = useRef(dirty);
  useLayoutEffect(() => {
    dirtyNow.current = dirty;
  }, [dirty]);
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) =>
      dirtyNow.current && !allowed.current && currentLocation.pathname !== nextLocation.pathname,
    [],
  );
  const blocker = useBlocker(shouldBlock);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  // The blocker is read when navigation starts, which is synchronous: set before `navigate()`.
  const allowLeave = useCallback(() => {
    allowed.current = true;
  }, []);
  return { blocker, allowLeave };
}

/** "Leave without saving?" while a navigation is held by `useUnsavedChangesGuard`. */
export function UnsavedChangesDialog({ blocker, what }: { blocker: Blocker; what: string }) {
  return (
    <AlertDialog open={blocker.state === "blocked"} onOpenChange={(open) => !open && blocker.reset?.()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Leave without saving?</AlertDialogTitle>
          <AlertDialogDescription>Your unsaved changes to {what} will be lost.</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Stay</AlertDialogCancel>
          <AlertDialogAction onClick={() => blocker.proceed?.()}>Leave</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
