import { cva, type VariantProps } from "class-variance-authority";
import type { LucideIcon } from "lucide-react";
import { useId, type ComponentProps, type ReactNode } from "react";
import { cn } from "../../lib/utils";

export const sidePanelVariants = cva("grid gap-2 rounded-md border p-3", {
  variants: {
    /** `sm`: a panel of lists and notes; `inherit`: one of form controls, at the page's size. */
    text: { sm: "text-sm", inherit: "" },
  },
  defaultVariants: { text: "sm" },
});

/**
 * A bordered panel beside the live table's map (hidden things, attitudes, gear, queued turns):
 * a region named by its <h3> `heading` (with its `icon`, hidden from screen readers), an optional
 * `description` under it (not linked: it is read in turn), then `children`. `className` is the
 * section's, merged last.
 */
export function SidePanel({
  heading,
  icon: Icon,
  description,
  descriptionClassName,
  text,
  className,
  children,
  ...props
}: {
  heading: ReactNode;
  icon?: LucideIcon;
  description?: ReactNode;
  descriptionClassName?: string;
} & VariantProps<typeof sidePanelVariants> &
  Omit<ComponentProps<"section">, "aria-labelledby" | "aria-label">) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={cn(sidePanelVariants({ text }), className)} {...props}>
      <h3 id={headingId} className="flex items-center gap-1 font-semibold">
        {Icon && <Icon className="size-4" aria-hidden />} {heading}
      </h3>
      {description && <p className={cn("text-muted-foreground", descriptionClassName)}>{description}</p>}
      {children}
    </section>
  );
}
