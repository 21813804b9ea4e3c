import { useEffect, useRef, useState, type ReactNode, type RefObject } from "react";
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
} from "../../components/ui/alert-dialog";
import { Button, type ButtonProps } from "../../components/ui/button";

/** A button that asks first (for commands that undo or throw away something). */
export function ConfirmButton({
  children,
  title,
  description,
  confirmLabel,
  onConfirm,
  onOpenChange,
  focusFallback,
  disabled,
  variant = "outline",
  ...rest
}: {
  children: ReactNode;
  title: string;
  description: string;
  confirmLabel: string;
  /** Runs the confirmed command; a promise tells when it has settled (where the keyboard goes waits for that). */
  onConfirm: () => Promise<unknown> | void;
  /** Told when the dialog opens or closes (e.g. to pin what it asks about while open). */
  onOpenChange?: (open: boolean) => void;
  /**
   * Where the keyboard goes when the button is still disabled once the command has settled
   * (Redo with nothing left to redo, Roll back at the start of history): a container with
   * tabIndex={-1} around the controls, so focus is not left on the page.
   */
  focusFallback?: RefObject<HTMLElement | null>;
  disabled?: boolean;
  variant?: ButtonProps["variant"];
} & Pick<ButtonProps, "aria-describedby" | "size">) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  // Confirming usually disables the button while its command runs, so the closing dialog cannot
  // give the keyboard back to it. Once the command has settled the keyboard goes to the button if
  // that is enabled again, else to `focusFallback` (unless it went somewhere else meanwhile), and
  // nothing is left pending: a button enabled much later never takes the keyboard.
  const working = useRef(false);
  const refocus = useRef(false);
  // Bumped when the command settles and when the dialog has closed; focus is placed in the effect
  // after, whichever came last. A state update renders with the command's own (its `pending`,
  // the view it changed), so the button is seen as the command left it.
  const [check, setCheck] = useState(0);
  useEffect(() => {
    if (check === 0 || !refocus.current || working.current) return;
    refocus.current = false;
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    if (trigger.current && !trigger.current.disabled) trigger.current.focus();
    else focusFallback?.current?.focus();
  }, [check, focusFallback]);

  function confirm() {
    working.current = true;
    const done = () => {
      working.current = false;
      setCheck((n) => n + 1);
    };
    // settled however it ends, a throw included
    void new Promise((resolve) => resolve(onConfirm())).then(done, done);
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        onOpenChange?.(next);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button ref={trigger} variant={variant} disabled={disabled} {...rest}>
          {children}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent
        onCloseAutoFocus={(e) => {
          // a command still running that left the button enabled: it takes the keyboard back now
          if (working.current && !trigger.current?.disabled) return;
          e.preventDefault();
          refocus.current = true;
          setCheck((n) => n + 1);
        }}
      >
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={confirm}>{confirmLabel}</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
