import { Trash2 } from "lucide-react";
import { useRef, useState } from "react";
import { neighbourRow, useFocusOnRemoval } from "../lib/row-focus";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "./ui/alert-dialog";
import { Button, type ButtonProps } from "./ui/button";

/**
 * A delete button that asks first; `onConfirm` rejecting leaves the thing in place.
 *
 * In a list (the button sits in an <li>), keyboard focus follows the deleted row: to the next
 * row's first link or button (the previous row's when it was the last), else `focusAfterDelete`,
 * else a focusable region around the list (a tab panel), else the page's heading.
 */
export function ConfirmDelete({
  name,
  what,
  onConfirm,
  size = "sm",
  focusAfterDelete,
}: {
  name: string;
  what: string;
  onConfirm: () => Promise<void>;
  size?: ButtonProps["size"];
  focusAfterDelete?: () => HTMLElement | null;
}) {
  const [busy, setBusy] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  // Set from the confirm until the delete settles: the dialog hands focus back a tick late.
  const deleting = useRef(false);
  useFocusOnRemoval(
    trigger,
    (el) =>
      el.closest("li")
        ? [mainControl(neighbourRow(el)), focusAfterDelete?.(), ...focusableAncestors(el), pageHeading()]
        : [focusAfterDelete?.()],
    () => deleting.current,
  );
  return (
    <AlertDialog>
      {/* Not `disabled` while busy: a disabled button cannot take focus back from the dialog. */}
      <AlertDialogTrigger asChild onClick={(e) => busy && e.preventDefault()}>
        <Button
          ref={trigger}
          variant="ghost"
          size={size}
          className="text-destructive aria-disabled:opacity-50"
          aria-label={`Delete ${name}`}
          aria-disabled={busy || undefined}
        >
          <Trash2 aria-hidden />
          {size !== "icon" && "Delete"}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {name}?</AlertDialogTitle>
          <AlertDialogDescription>This {what} will be removed for good.</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            onClick={() => {
              setBusy(true);
              deleting.current = true;
              void onConfirm().finally(() => {
                deleting.current = false;
                setBusy(false);
              });
            }}
          >
            Delete
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** A row's main control: its first link, else its first button. */
function mainControl(row: Element | null) {
  return row?.querySelector("a[href]") ?? row?.querySelector("button:not([disabled])");
}

function focusableAncestors(el: Element) {
  const found: Element[] = [];
  for (let a = el.parentElement; a; a = a.parentElement) if (a.tabIndex >= 0) found.push(a);
  return found;
}

/** The page's h1, made focusable (not tabbable) as a last resort. */
function pageHeading() {
  const heading = document.querySelector("h1");
  if (heading && !heading.hasAttribute("tabindex")) heading.tabIndex = -1;
  return heading;
}
