import { useSubscription } from "@trpc/tanstack-react-query";
import { CircleCheck, CircleDashed, Loader2, WifiOff } from "lucide-react";
import { useState } from "react";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog";
import { errorMessage } from "../../lib/errors";
import { useLiveConnection, type LiveConnectionStatus } from "../../live/connection";
import { useTRPC } from "../../live/trpc";

type Synced = {
  version: number;
  status: string;
  role: string;
  round: number | null;
  events: number;
  lastEvent: string;
  message: string | null;
  closed: boolean;
};

/** The round in a synced view, when the view carries one (its shape belongs to the engine). */
function roundOf(view: unknown): number | null {
  return view &&
    typeof view === "object" &&
    "round" in view &&
    typeof view.round === "number" &&
    view.round > 0
    ? view.round
    : null;
}

const connectionText: Record<LiveConnectionStatus, string> = {
  idle: "Not connected",
  connecting: "Connecting…",
  connected: "Connected",
  offline: "Offline: reconnecting…",
};

/**
 * Placeholder live table (the full one is the live-modal issue): joins the room through the
 * `events` subscription and shows the connection and what has been synced.
 */
export function LiveModal({
  interactionId,
  name,
  onClose,
}: {
  interactionId: string;
  name: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const connection = useLiveConnection();
  const [synced, setSynced] = useState<Synced | null>(null);

  const sub = useSubscription(
    trpc.interaction.events.subscriptionOptions(
      { interactionId },
      {
        onData: ({ data: event }) =>
          setSynced((s) => {
            const base: Synced = s ?? {
              version: 0,
              status: "",
              role: "",
              round: null,
              events: 0,
              lastEvent: "",
              message: null,
              closed: false,
            };
            const next: Synced = {
              ...base,
              version: event.version,
              events: base.events + 1,
              lastEvent: event.type,
            };
            if (event.type === "sync") {
              Object.assign(next, {
                status: event.status,
                role: event.role,
                closed: false,
                message: null,
                round: roundOf(event.view),
              });
            }
            if (event.type === "turn") next.round = event.round;
            if (event.type === "notice") next.message = event.message;
            if (event.type === "closed")
              Object.assign(next, { closed: true, message: event.message, status: event.reason });
            return next;
          }),
      },
    ),
  );

  const Icon =
    connection.status === "connected"
      ? CircleCheck
      : connection.status === "offline"
        ? WifiOff
        : connection.status === "connecting"
          ? Loader2
          : CircleDashed;

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent aria-describedby={`live-${interactionId}-desc`} className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{name}: live table</DialogTitle>
          <DialogDescription id={`live-${interactionId}-desc`}>
            The full table (turns, map, chat) arrives with the live-modal update. For now this shows the
            connection and the synced state.
          </DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="font-medium">Connection</dt>
          <dd className="flex items-center gap-2" role="status" aria-live="polite" aria-label="Connection">
            <Icon
              className={connection.status === "connecting" ? "size-4 animate-spin" : "size-4"}
              aria-hidden
            />
            {connectionText[connection.status]}
          </dd>
          <dt className="font-medium">Room</dt>
          <dd role="status" aria-live="polite" aria-label="Sync">
            {sub.status === "error"
              ? `Could not join: ${errorMessage(sub.error)}`
              : synced === null
                ? "Joining…"
                : synced.closed
                  ? `Closed (${synced.status})`
                  : `Synced at version ${synced.version}`}
          </dd>
          {synced && (
            <>
              <dt className="font-medium">Status</dt>
              <dd>{synced.status || "unknown"}</dd>
              <dt className="font-medium">You are</dt>
              <dd>{synced.role === "dm" ? "the DM" : synced.role === "admin" ? "an admin" : "a player"}</dd>
              <dt className="font-medium">Round</dt>
              <dd>{synced.round ?? "not started"}</dd>
              <dt className="font-medium">Events received</dt>
              <dd>
                {synced.events} (last: {synced.lastEvent})
              </dd>
            </>
          )}
        </dl>
        {synced?.message && (
          <p role="alert" className="rounded-md border p-3 text-sm">
            {synced.message}
          </p>
        )}
      </DialogContent>
    </Dialog>
  );
}
