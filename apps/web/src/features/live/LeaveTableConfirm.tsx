import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "../../components/ui/alert-dialog";

// Presence is per user: another tab or device of theirs still at the table keeps them here.
const cost = {
  player:
    "Unless this table is open in another tab or device of yours, you will show as Away, and your turns may be recorded as missed while you are away.",
  dm: "Unless this table is open in another tab or device of yours, play waits for you: the table shows “Waiting for the DM” until you come back.",
} as const;

/** Asks before the live modal closes while play is at stake; Stay changes nothing. */
export function LeaveTableConfirm({
  seat,
  onStay,
  onLeave,
  returnFocus,
}: {
  /** Whose leaving it is, or null when not asking. */
  seat: "player" | "dm" | null;
  onStay: () => void;
  onLeave: () => void;
  /** Where the keyboard goes back to on Stay. */
  returnFocus: () => HTMLElement | null;
}) {
  return (
    <AlertDialog open={seat !== null} onOpenChange={(open) => !open && onStay()}>
      <AlertDialogContent
        onCloseAutoFocus={(e) => {
          // Opened without a trigger, Radix has nowhere to send focus back to.
          e.preventDefault();
          returnFocus()?.focus();
        }}
      >
        <AlertDialogHeader>
          <AlertDialogTitle>Leave the table?</AlertDialogTitle>
          <AlertDialogDescription>{seat && cost[seat]}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Stay</AlertDialogCancel>
          <AlertDialogAction onClick={onLeave}>Leave</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
