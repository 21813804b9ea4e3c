import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog";
import { LiveTable } from "../table/LiveTable";

/** The live table in a modal: opens by itself for players, from "Open live table" for the DM. */
export function LiveModal({
  interactionId,
  name,
  onClose,
}: {
  interactionId: string;
  name: string;
  onClose: () => void;
}) {
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent aria-describedby={`live-${interactionId}-desc`} className="max-w-6xl">
        <DialogHeader>
          <DialogTitle>{name}: live table</DialogTitle>
          <DialogDescription id={`live-${interactionId}-desc`}>
            Initiative, map, your actions, chat and the turn log.
          </DialogDescription>
        </DialogHeader>
        <LiveTable interactionId={interactionId} />
      </DialogContent>
    </Dialog>
  );
}
