import {
  createContext,
  useContext,
  useId,
  useLayoutEffect,
  type ComponentProps,
  type ReactNode,
} from "react";
import type { FieldErrors } from "../../lib/form-errors";
import { cn } from "../../lib/utils";
import { Checkbox } from "./checkbox";
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
 * A field's ids: its control's, its hint's and its error's, and the control's props that link
 * them (described by the hint then the error, invalid while there is an error). `errorId`: the
 * id of an error shown apart from the field, instead of the field's own.
 */
function useFieldIds(hint: ReactNode, error: string | undefined, errorId?: string) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = errorId ?? `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errId : null].filter(Boolean).join(" ") || undefined;
  const control: FieldControlProps = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
  };
  return { control, hintId, errorId: errId };
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
  const { control, hintId, errorId } = useFieldIds(hint, error);
  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label htmlFor={control.id}>{label}</Label>
      {children(control)}
      {hint && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      <FieldError id={errorId} error={error} errorKey={errorKey} />
    </div>
  );
}

/**
 * A checkbox with its label beside it, and its hint and validation error under them, linked as
 * <Field> links its control: named by its label, described by its hint then its error, invalid
 * while it has one. In a form with a "Not saved" alert, `errorKey` names the error it shows (see
 * <FieldError>). `errorId`: where the error is shown apart from the box (e.g. a full-width row
 * under a grid's cells), the id of the caller's <FieldError> showing it, which then registers
 * its key; the box is still described by it and marked invalid, and shows no error itself.
 * The other props are the <Checkbox>'s; `className` is the field's, as for <Field>.
 */
export function CheckboxField({
  label,
  error,
  errorKey,
  errorId,
  hint,
  className,
  ...checkbox
}: {
  label: ReactNode;
  error?: string | undefined;
  errorKey?: string | undefined;
  errorId?: string | undefined;
  hint?: ReactNode;
  className?: string;
} & Omit<
  ComponentProps<typeof Checkbox>,
  "id" | "aria-invalid" | "aria-describedby" | "className" | "children"
>) {
  const { control, hintId, errorId: ownErrorId } = useFieldIds(hint, error, errorId);
  return (
    <div className={cn("grid gap-1.5", className)}>
      <div className="flex items-center gap-2">
        <Checkbox {...checkbox} {...control} />
        <Label htmlFor={control.id}>{label}</Label>
      </div>
      {hint && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {errorId === undefined && <FieldError id={ownErrorId} error={error} errorKey={errorKey} />}
    </div>
  );
}
