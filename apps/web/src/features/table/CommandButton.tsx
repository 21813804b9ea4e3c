import { useId, type ReactNode } from "react";
import { Button } from "../../components/ui/button";
import { CommandError } from "./CommandError";
import { whyText, type Availability } from "./model";
import { useCommand, type InteractionApi } from "./useCommand";

/**
 * A small button that sends one command. Disabled with the reason when the rules say no
 * (`available`); the server's refusal stays beside it until the next attempt (useCommand).
 */
export function CommandButton({
  send,
  available = { ok: true },
  disabled = false,
  children,
}: {
  send: (api: InteractionApi, interactionId: string) => Promise<unknown>;
  available?: Availability;
  /** Not ready to send for another reason (e.g. no target chosen yet). */
  disabled?: boolean;
  children: ReactNode;
}) {
  const cmd = useCommand();
  const errId = useId();
  return (
    <>
      <Button
        size="sm"
        variant="outline"
        disabled={cmd.disabled || !available.ok || disabled}
        aria-describedby={cmd.error ? errId : undefined}
        onClick={() => void cmd.run(send)}
      >
        {children}
        {whyText(available)}
      </Button>
      <CommandError id={errId} error={cmd.error} className="w-full" />
    </>
  );
}
