import type { z } from "zod";

/** Field errors keyed by dotted path (`inventory.0.name`); the first issue per field wins. */
export type FieldErrors = Record<string, string>;

export function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** A user-facing sentence for one zod issue (zod's defaults talk about types, not people). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "number" || issue.expected === "int" ? "Enter a number" : "Required";
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1 ? "Required" : `At least ${String(issue.minimum)} characters`;
      if (issue.origin === "array") return `Add at least ${String(issue.minimum)}`;
      return `Must be at least ${String(issue.minimum)}`;
    case "too_big":
      if (issue.origin === "string") return `At most ${String(issue.maximum)} characters`;
      if (issue.origin === "array") return `At most ${String(issue.maximum)} allowed`;
      return `Must be at most ${String(issue.maximum)}`;
    case "not_multiple_of":
      return `Must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = pathKey(issue.path);
    out[key] ??= issueMessage(issue);
  }
  return out;
}

/** A short unique id for new list entries (items, actions, objects). */
export function newId(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
