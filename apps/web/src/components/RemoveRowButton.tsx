import { Trash2 } from "lucide-react";
import type { RefObject } from "react";
import { cn } from "../lib/utils";
import { focusFirst, inRow, neighbourRow } from "../lib/row-focus";
import { Button } from "./ui/button";

const marker = "data-remove-row";

/**
 * A list editor's Remove button for the row (<li>) it sits in. Keyboard focus moves first to the
 * next row's Remove button (the previous row's when this is the last), or to `whenEmpty` (the
 * list's Add button, or its legend or heading with tabIndex -1) when the list is left empty.
 */
export function RemoveRowButton({
  label,
  onRemove,
  whenEmpty,
  className,
}: {
  label: string;
  onRemove: () => void;
  whenEmpty: RefObject<HTMLElement | null>;
  className?: string;
}) {
  return (
    <Button
      variant="ghost"
      size="sm"
      className={cn("text-destructive", className)}
      aria-label={label}
      {...{ [marker]: "" }}
      onClick={(e) => {
        // The neighbour's row stays mounted (rows are keyed), so focus can move before this one goes.
        focusFirst([inRow(neighbourRow(e.currentTarget), `[${marker}]`), whenEmpty.current]);
        onRemove();
      }}
    >
      <Trash2 aria-hidden />
      Remove
    </Button>
  );
}
