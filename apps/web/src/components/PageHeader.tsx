import type { ReactNode } from "react";
import { useDocumentTitle } from "../lib/use-document-title";

/** The page's h1; it also names the browser tab so screen-reader users hear where they are. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  useDocumentTitle(title);
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3 sm:mb-6">
      <div className="grid gap-1">
        {/* Focusable so a route change can move focus here (app/NavigationFocus.tsx). */}
        <h1 tabIndex={-1} className="text-2xl font-bold tracking-tight outline-none">
          {title}
        </h1>
        {description && <p className="text-sm text-muted-foreground">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
