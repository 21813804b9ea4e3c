import { useMutation } from "@tanstack/react-query";
import { useContext } from "react";
import { toastError, toastSuccess } from "../../lib/toast";
import { LiveConnectionContext } from "../../live/connection";
import { useTRPCClient } from "../../live/trpc";
import { abortWhenUnreachable } from "../../live/unreachable";
import { useLiveModal } from "./live-modal-store";

/**
 * Takes an interaction live (or resumes a paused one: the live server rebuilds it from its
 * snapshot). Convex's status follows by itself; on success the DM's live table opens. With the
 * live server out of reach it says so instead of waiting for it (abortWhenUnreachable).
 */
export function useGoLive() {
  const client = useTRPCClient();
  const ws = useContext(LiveConnectionContext);
  const show = useLiveModal((s) => s.show);
  const launch = useMutation({
    mutationFn: ({ interactionId, signal }: { interactionId: string; signal: AbortSignal }) =>
      client.interaction.launch.mutate({ interactionId }, { signal }),
  });
  return {
    isPending: launch.isPending,
    pendingId: launch.isPending ? launch.variables.interactionId : null,
    /** True once the room is live (the table is then open). */
    goLive: async (interactionId: string, name: string, resuming = false): Promise<boolean> => {
      const unreachable = abortWhenUnreachable(ws);
      try {
        await launch.mutateAsync({ interactionId, signal: unreachable.signal });
      } catch (error) {
        const why: unknown = unreachable.signal.aborted ? unreachable.signal.reason : error;
        toastError(resuming ? `Could not resume ${name}` : `Could not take ${name} live`, why);
        return false;
      } finally {
        unreachable.stop();
      }
      toastSuccess(resuming ? `${name} resumed` : `${name} is live`);
      show(interactionId, name);
      return true;
    },
  };
}
