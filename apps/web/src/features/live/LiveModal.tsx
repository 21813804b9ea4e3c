import { useRef, useState } from "react";
import { useStore } from "zustand";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog";
import { getLiveStore, type LiveTableState } from "../../live-state/live-store";
import { useTRPCClient } from "../../live/trpc";
import { inPlay } from "../table/model";
import { LiveTable } from "../table/LiveTable";
import { EscapeStepsContext, escapeSteps } from "./escape-steps";
import { LeaveTableConfirm } from "./LeaveTableConfirm";

/**
 * Whose seat closing the table would cost (the server counts it as leaving: a player shows as
 * away and misses turns, the DM's table waits), or null when no live play is at stake.
 */
function atStake(s: LiveTableState): "player" | "dm" | null {
  if (s.phase === "closed" || s.error || !s.view) return null;
  if (!inPlay(s.view) && s.view.status !== "lobby") return null;
  return s.role === "player" || s.role === "dm" ? s.role : null;
}

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
  const stake = useStore(getLiveStore(interactionId, useTRPCClient()), atStake);
  const [steps] = useState(escapeSteps);
  const [asking, setAsking] = useState<"player" | "dm" | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const content = useRef<HTMLDivElement>(null);

  const leave = () => {
    if (!stake) return onClose();
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setAsking(stake);
  };

  return (
    <Dialog open onOpenChange={(open) => !open && leave()}>
      <DialogContent
        ref={content}
        aria-describedby={`live-${interactionId}-desc`}
        className="max-w-6xl"
        // A stray click or focus beside the table must not take anyone out of the game.
        onInteractOutside={(e) => e.preventDefault()}
        // Escape backs out of a pick first; with nothing in progress it asks to leave (via onOpenChange).
        onEscapeKeyDown={(e) => {
          if (steps.cancelLatest()) e.preventDefault();
        }}
      >
        <DialogHeader>
          <DialogTitle>{name}: live table</DialogTitle>
          <DialogDescription id={`live-${interactionId}-desc`}>
            Initiative, map, your actions, chat and the turn log.
          </DialogDescription>
        </DialogHeader>
        <EscapeStepsContext value={steps}>
          <LiveTable interactionId={interactionId} />
        </EscapeStepsContext>
        <LeaveTableConfirm
          seat={asking}
          onStay={() => setAsking(null)}
          onLeave={onClose}
          // What had the keyboard, unless it went meanwhile (the turn moved on): then the table.
          returnFocus={() => (returnFocus.current?.isConnected ? returnFocus.current : content.current)}
        />
      </DialogContent>
    </Dialog>
  );
}
