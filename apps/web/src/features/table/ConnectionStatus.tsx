import { CircleCheck, CircleX, Loader2, RefreshCw, WifiOff, type LucideIcon } from "lucide-react";
import { Badge } from "../../components/ui/badge";
import { useLiveConnection, type LiveConnection } from "../../live/connection";
import type { LivePhase } from "../../live-state/live-store";
import { useTable } from "./table-context";

type Status = {
  text: string;
  Icon: LucideIcon;
  variant: "destructive" | "secondary" | "warning" | "success";
  spin: boolean;
};

function statusOf(connection: LiveConnection, phase: LivePhase, failed: boolean, retrying: boolean): Status {
  // A join refused for good leaves the phase as it was, and nothing keeps its socket open: not
  // joined, whatever the socket does. So is a closed table.
  if (failed && !retrying) return { text: "Not joined", Icon: CircleX, variant: "destructive", spin: false };
  if (phase === "closed") return { text: "Table closed", Icon: CircleX, variant: "secondary", spin: false };
  if (connection.status === "offline")
    return {
      text: connection.rateLimited
        ? "Too many connection attempts from this network: retrying in a moment…"
        : "Offline: retrying…",
      Icon: WifiOff,
      variant: "destructive",
      spin: false,
    };
  if (connection.status !== "connected")
    return { text: "Reconnecting…", Icon: Loader2, variant: "warning", spin: true };
  if (failed) return { text: "Not joined: trying again…", Icon: Loader2, variant: "warning", spin: true };
  if (phase === "resyncing")
    return { text: "Connected: catching up…", Icon: RefreshCw, variant: "warning", spin: true };
  if (phase === "joining")
    return { text: "Connected: joining…", Icon: Loader2, variant: "warning", spin: true };
  return { text: "Connected", Icon: CircleCheck, variant: "success", spin: false };
}

/** Always visible: connected / reconnecting / offline / not joined, in words and icon (never colour alone). */
export function ConnectionStatus() {
  const connection = useLiveConnection();
  const phase = useTable((s) => s.phase);
  const failed = useTable((s) => s.error !== null);
  const retrying = useTable((s) => s.retrying);
  const { text, Icon, variant, spin } = statusOf(connection, phase, failed, retrying);
  return (
    <Badge variant={variant} role="status" aria-label="Connection" aria-live="polite" className="gap-1.5">
      <Icon className={spin ? "size-3.5 motion-safe:animate-spin" : "size-3.5"} aria-hidden />
      {text}
    </Badge>
  );
}
