import { CheckCircle2, CirclePause, FilePen, Radio, UserX } from "lucide-react";
import { Badge } from "../../components/ui/badge";

export type InteractionStatus = "draft" | "live" | "paused" | "completed";

export const statusLabels: Record<InteractionStatus, string> = {
  draft: "Draft",
  live: "Live",
  paused: "Paused",
  completed: "Completed",
};

/** Status in words and an icon (never by colour alone). */
export function StatusBadge({
  status,
  awaitingDm = false,
}: {
  status: InteractionStatus;
  awaitingDm?: boolean;
}) {
  if (status === "live" && awaitingDm) {
    return (
      <Badge variant="warning">
        <UserX className="size-3" aria-hidden />
        Live: waiting for the DM
      </Badge>
    );
  }
  const Icon = { draft: FilePen, live: Radio, paused: CirclePause, completed: CheckCircle2 }[status];
  const variant = { draft: "outline", live: "success", paused: "warning", completed: "secondary" } as const;
  return (
    <Badge variant={variant[status]}>
      <Icon className="size-3" aria-hidden />
      {statusLabels[status]}
    </Badge>
  );
}
