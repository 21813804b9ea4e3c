import { AlertCircle } from "lucide-react";
import { cn } from "../../lib/utils";

/** A server error shown in words beside the control that caused it (link it with aria-describedby). */
export function CommandError({
  id,
  error,
  className,
}: {
  id: string;
  error: string | null;
  className?: string;
}) {
  if (!error) return null;
  return (
    <p
      id={id}
      role="alert"
      className={cn("flex items-start gap-1.5 text-sm font-medium text-destructive", className)}
    >
      <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{error}</span>
    </p>
  );
}
