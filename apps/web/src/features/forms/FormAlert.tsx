import { AlertCircle } from "lucide-react";
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ShownErrorsContext, type ShowError } from "../../components/ui/field";
import { errorMessage } from "../../lib/errors";
import type { FieldErrors } from "../../lib/form-errors";

/**
 * The focus for what stopped a save that no field shows beside itself. `useFormSubmit` moves
 * focus to the first invalid field; when a failed save has none (an error about a list as a
 * whole, one beside no control such as an object left outside the map, or the server's
 * refusal), focus comes to the <FormAlert> instead, which then lists every error, so keyboard
 * and screen-reader users are always told why nothing was saved.
 *
 * The form's fields go inside <ShowsErrors alert={…}>: each <Field> or <FieldError> given an
 * `errorKey` registers it while mounted, and the alert lists the errors of every other key (e.g.
 * one tag of an item: the Tags field shows the list's own errors only), each error shown once.
 */
export function useFormAlert() {
  const ref = useRef<HTMLDivElement>(null);
  // how many mounted fields show each error key
  const [shown, setShown] = useState<ReadonlyMap<string, number>>(() => new Map());
  const showError: ShowError = useCallback((key) => {
    const add = (by: number) =>
      setShown((m) => {
        const next = new Map(m);
        const n = (m.get(key) ?? 0) + by;
        if (n > 0) next.set(key, n);
        else next.delete(key);
        return next;
      });
    add(1);
    return () => add(-1);
  }, []);
  const [serverError, setServerError] = useState<string | null>(null);
  const [focusAsked, setFocusAsked] = useState(0);
  // the last submit failed validation with no field marked invalid: the alert says it all
  const [noFieldShows, setNoFieldShows] = useState(false);
  // after the render that shows the alert
  useEffect(() => {
    if (focusAsked > 0) ref.current?.focus();
  }, [focusAsked]);

  return {
    ref,
    serverError,
    noFieldShows,
    /** The error keys a mounted field shows. */
    shown,
    showError,
    /** Wraps the form's submit handler; `invalid`: whether this submit fails validation. */
    onSubmit: (submit: (e: FormEvent<HTMLFormElement>) => void, invalid: boolean) =>
      function onSubmit(e: FormEvent<HTMLFormElement>) {
        const form = e.currentTarget;
        setServerError(null);
        submit(e);
        // after useFormSubmit's own frame, which focuses the first invalid field if there is one
        if (invalid)
          requestAnimationFrame(() => {
            const none = !form.querySelector("[aria-invalid=true]");
            setNoFieldShows(none);
            if (none) setFocusAsked((n) => n + 1);
          });
        else setNoFieldShows(false);
      },
    /** Runs the save; a refusal is shown and focused here, then rethrown so the form keeps its input. */
    save: async (run: () => Promise<void>) => {
      try {
        await run();
      } catch (error) {
        setServerError(errorMessage(error));
        setFocusAsked((n) => n + 1);
        throw error;
      }
    },
  };
}

/** Around a form's fields: those given an `errorKey` tell `alert` the errors they show. */
export function ShowsErrors({
  alert,
  children,
}: {
  alert: ReturnType<typeof useFormAlert>;
  children: ReactNode;
}) {
  return <ShownErrorsContext.Provider value={alert.showError}>{children}</ShownErrorsContext.Provider>;
}

/**
 * `alert`: what `useFormAlert` returned; `formLevel`: the error keys no field shows, each with
 * what it is about ("Participants"), always listed; any other key no mounted field shows is
 * listed too (so an error shown nowhere, such as one tag too long, is listed even while focus
 * goes to another invalid field); `describe`: what such a key is about ("Chest at 10, 6"), for
 * those and for when a failed submit marked no field invalid and the alert lists every error
 * (words from the key itself otherwise).
 */
export function FormAlert({
  alert: { ref, serverError, noFieldShows, shown },
  errors,
  formLevel,
  describe,
}: {
  alert: ReturnType<typeof useFormAlert>;
  errors: FieldErrors;
  formLevel: Record<string, string>;
  describe?: (key: string) => string | undefined;
}) {
  const messages = Object.entries(formLevel).flatMap(([key, about]) => {
    const error = errors[key];
    return error ? [`${about}: ${error}`] : [];
  });
  for (const [key, error] of Object.entries(errors))
    if (!(key in formLevel) && (noFieldShows || !shown.has(key)))
      messages.push(`${describe?.(key) ?? capitalized(keyWords(key))}: ${error}`);
  if (serverError) messages.push(serverError);
  if (messages.length === 0) return null;
  return (
    <div
      ref={ref}
      role="alert"
      tabIndex={-1}
      className="grid gap-1 rounded-md border border-destructive/50 p-3 text-sm text-destructive outline-none focus-visible:ring-2 focus-visible:ring-ring"
    >
      <p className="flex items-center gap-1.5 font-medium">
        <AlertCircle className="size-4 shrink-0" aria-hidden />
        Not saved
      </p>
      <ul className="grid gap-1 pl-6">
        {messages.map((m, i) => (
          <li key={`${i}:${m}`}>{m}</li>
        ))}
      </ul>
    </div>
  );
}

/** An error key in words, counting from 1: "loot.2.tags.0" → "loot 3 tags 1", "acBonus" → "ac bonus". */
export function keyWords(key: string): string {
  return key
    .split(".")
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part.replace(/([a-z])([A-Z])/g, "$1 $2")))
    .join(" ")
    .toLowerCase();
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
