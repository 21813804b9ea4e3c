import { useEffect, useRef, useState, type ReactNode } from "react";
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
  disabled,
  variant = "outline",
  ...rest
}: {
  children: ReactNode;
  title: string;
  description: string;
  confirmLabel: string;
  onConfirm: () => void;
  /** Told when the dialog opens or closes (e.g. to pin what it asks about while open). */
  onOpenChange?: (open: boolean) => void;
  disabled?: boolean;
  variant?: ButtonProps["variant"];
} & Pick<ButtonProps, "aria-describedby" | "size">) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  // Confirming usually disables the button while its command runs, so the closing dialog cannot
  // give the keyboard back to it: it does once the button is enabled again (unless the keyboard
  // went somewhere else meanwhile), so a refused or accepted confirm leaves the DM where they were.
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current || disabled) return;
    refocus.current = false;
    if (document.activeElement === null || document.activeElement === document.body) trigger.current?.focus();
  }, [disabled]);
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
          if (!trigger.current?.disabled) return;
          e.preventDefault();
          refocus.current = true;
        }}
      >
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={onConfirm}>{confirmLabel}</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
