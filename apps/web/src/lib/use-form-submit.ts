import { useState, type FormEvent } from "react";
import type { FieldErrors } from "./form-errors";

/**
 * The save flow every form shares: errors show after the first attempt and then follow each
 * edit; an invalid submit moves focus to the first invalid field (keyboard and screen-reader
 * users land on it); a failed save keeps the input (the caller has toasted the server's message).
 */
export function useFormSubmit(allErrors: FieldErrors, save: () => Promise<void>) {
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const errors = attempted ? allErrors : {};

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setAttempted(true);
    if (Object.keys(allErrors).length > 0) {
      const form = e.currentTarget;
      requestAnimationFrame(() => form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    setSubmitting(true);
    try {
      await save();
    } catch (_) {
      // Already shown to the user; keep what they typed.
    } finally {
      setSubmitting(false);
    }
  }

  return {
    errors,
    errorCount: Object.keys(errors).length,
    submitting,
    onSubmit: (e: FormEvent<HTMLFormElement>) => void submit(e),
  };
}
