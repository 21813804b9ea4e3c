import { CircleCheck, Loader2, RefreshCw, WifiOff } from "lucide-react";
import { Badge } from "../../components/ui/badge";
import { useLiveConnection } from "../../live/connection";
import { useTable } from "./table-context";

/** Always visible: connected / reconnecting / offline, in words and icon (never colour alone). */
export function ConnectionStatus() {
  const connection = useLiveConnection();
  const phase = useTable((s) => s.phase);
  const { text, Icon, variant, spin } =
    connection.status === "offline"
      ? {
          text: connection.rateLimited
            ? "Too many connection attempts from this network: retrying in a moment…"
            : "Offline: retrying…",
          Icon: WifiOff,
          variant: "destructive" as const,
          spin: false,
        }
      : connection.status !== "connected"
        ? { text: "Reconnecting…", Icon: Loader2, variant: "warning" as const, spin: true }
        : phase === "resyncing"
          ? { text: "Connected: catching up…", Icon: RefreshCw, variant: "warning" as const, spin: true }
          : phase === "joining"
            ? { text: "Connected: joining…", Icon: Loader2, variant: "warning" as const, spin: true }
            : { text: "Connected", Icon: CircleCheck, variant: "success" as const, spin: false };
  return (
    <Badge variant={variant} role="status" aria-label="Connection" aria-live="polite" className="gap-1.5">
      <Icon className={spin ? "size-3.5 motion-safe:animate-spin" : "size-3.5"} aria-hidden />
      {text}
    </Badge>
  );
}
