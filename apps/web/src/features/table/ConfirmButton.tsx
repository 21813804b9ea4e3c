import { useState, type ReactNode } from "react";
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
  closeWhenChanged,
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
  /** An open dialog closes when this changes (what it asks about has moved on); the button stays. */
  closeWhenChanged?: unknown;
  disabled?: boolean;
  variant?: ButtonProps["variant"];
} & Pick<ButtonProps, "aria-describedby" | "size">) {
  const [open, setOpen] = useState(false);
  const [askedAbout, setAskedAbout] = useState(closeWhenChanged);
  if (askedAbout !== closeWhenChanged) {
    setAskedAbout(closeWhenChanged);
    if (open) setOpen(false);
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
        <Button variant={variant} disabled={disabled} {...rest}>
          {children}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
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
