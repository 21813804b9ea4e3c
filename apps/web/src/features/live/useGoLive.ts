import { useMutation } from "@tanstack/react-query";
import { lostInFlight } from "../../lib/errors";
import { toastError, toastSuccess } from "../../lib/toast";
import { useTRPCClient } from "../../live/trpc";
import { useLiveModal } from "./live-modal-store";

/** A launch whose answer was lost with the socket may have gone through: Convex's status tells. */
export const lostLaunch = (resuming: boolean): string =>
  `The connection dropped before the live server answered, so it may have ${resuming ? "resumed" : "gone live"}: the interactions list shows its status. Check it before you try again.`;

/**
 * Takes an interaction live (or resumes a paused one: the live server rebuilds it from its
 * snapshot). Convex's status follows by itself; on success the DM's live table opens. With the
 * live server out of reach the live client fails the launch with words (unreachableLink).
 */
export function useGoLive() {
  const client = useTRPCClient();
  const show = useLiveModal((s) => s.show);
  const launch = useMutation({
    mutationFn: (interactionId: string) => client.interaction.launch.mutate({ interactionId }),
  });
  return {
    isPending: launch.isPending,
    pendingId: launch.isPending ? launch.variables : null,
    /** True once the room is live (the table is then open). */
    goLive: async (interactionId: string, name: string, resuming = false): Promise<boolean> => {
      try {
        await launch.mutateAsync(interactionId);
      } catch (error) {
        if (lostInFlight(error))
          toastError(
            resuming ? `Could not confirm ${name} resumed` : `Could not confirm ${name} went live`,
            lostLaunch(resuming),
          );
        else toastError(resuming ? `Could not resume ${name}` : `Could not take ${name} live`, error);
        return false;
      }
      toastSuccess(resuming ? `${name} resumed` : `${name} is live`);
      show(interactionId, name);
      return true;
    },
  };
}
