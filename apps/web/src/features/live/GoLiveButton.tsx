import { Loader2, Play, Radio } from "lucide-react";
import { useId } from "react";
import { Button, type ButtonProps } from "../../components/ui/button";
import { useGoLive } from "./useGoLive";

/** The DM's button: "Go live" for a draft, "Resume" for a paused interaction. */
export function GoLiveButton({
  interactionId,
  name,
  resuming = false,
  size,
  blockedReason,
}: {
  interactionId: string;
  name: string;
  resuming?: boolean;
  size?: ButtonProps["size"];
  /** Why it cannot be pressed now (e.g. unsaved edits); shown beside the button. */
  blockedReason?: string | undefined;
}) {
  const { goLive, pendingId } = useGoLive();
  const busy = pendingId === interactionId;
  const label = resuming ? "Resume" : "Go live";
  const busyLabel = resuming ? "Resuming" : "Going live";
  const reasonId = useId();
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        size={size}
        disabled={busy || blockedReason !== undefined}
        aria-busy={busy}
        // The name follows what the button shows, with the interaction it acts on.
        aria-label={busy ? `${busyLabel}: ${name}…` : `${label}: ${name}`}
        aria-describedby={blockedReason ? reasonId : undefined}
        onClick={() => void goLive(interactionId, name, resuming)}
      >
        {busy ? (
          <Loader2 className="animate-spin" aria-hidden />
        ) : resuming ? (
          <Play aria-hidden />
        ) : (
          <Radio aria-hidden />
        )}
        {busy ? `${busyLabel}…` : label}
      </Button>
      {blockedReason && (
        <span id={reasonId} className="text-sm text-muted-foreground">
          {blockedReason}
        </span>
      )}
    </span>
  );
}
