import { createContext, useContext, useId, useLayoutEffect, type ReactNode } from "react";
import type { FieldErrors } from "../../lib/form-errors";
import { cn } from "../../lib/utils";
import { Label } from "./label";

export type FieldControlProps = {
  id: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
};

/**
 * Registers an error key as shown while its field is mounted, returning the unregistering:
 * given by a form (`useFormAlert`) whose "Not saved" alert lists the errors no field shows.
 */
export type ShowError = (key: string) => () => void;
export const ShownErrorsContext = createContext<ShowError | null>(null);

/** A form's error for `key` as props for <Field> or <FieldError>, which show it and say so. */
export type ErrorProps = { error: string | undefined; errorKey: string };
/** A list item's fields' error props, by the field's path within the item. */
export type At = (field: string) => ErrorProps;
export function errorProps(errors: FieldErrors, key: string): ErrorProps {
  return { error: errors[key], errorKey: key };
}

/**
 * A form's error beside what it is about. `errorKey`: the form's key for it, registered as shown
 * for as long as this is mounted (with or without an error), so the form's alert does not list
 * it again and lists every error nothing shows.
 */
export function FieldError({
  id,
  error,
  errorKey,
  className,
}: {
  id?: string | undefined;
  error: string | undefined;
  errorKey?: string | undefined;
  className?: string;
}) {
  const show = useContext(ShownErrorsContext);
  useLayoutEffect(() => (show && errorKey !== undefined ? show(errorKey) : undefined), [show, errorKey]);
  if (!error) return null;
  return (
    <p id={id} className={cn("text-sm font-medium text-destructive", className)}>
      {error}
    </p>
  );
}

/**
 * A labelled form control with its hint and validation error beside it. The render prop gets
 * the ids so the control is linked to its label, hint and error for screen readers. In a form
 * with a "Not saved" alert, `errorKey` names the error this field shows (see <FieldError>).
 */
export function Field({
  label,
  error,
  errorKey,
  hint,
  className,
  children,
}: {
  label: ReactNode;
  error?: string | undefined;
  errorKey?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      <FieldError id={errorId} error={error} errorKey={errorKey} />
    </div>
  );
}
