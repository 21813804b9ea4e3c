import type { Entity, ViewState } from "@roundtable/live/engine";
import { Handshake, Minus, Plus } from "lucide-react";
import { CommandButton } from "./CommandButton";
import { inPlay, signed } from "./model";
import { SidePanel } from "./SidePanel";
import type { InteractionApi } from "./useCommand";

/**
 * The DM's (or a test's admin's) say over a parley: each NPC's attitude with − and + buttons
 * (the engine's `setAttitude`, one step at a time), for judgement calls — good roleplay, an
 * insult. Like a check, +3 wins the NPC over and −3 turns it hostile; the parley's outcome is
 * decided when the DM ends it. Only in social scenes (nobody else has an attitude), in the lobby
 * (a starting mood) or in play; NPCs hidden from the players too, marked so.
 */
export function ParleyAttitudes({ view }: { view: ViewState }) {
  if (view.kind !== "social" || !(view.status === "lobby" || inPlay(view))) return null;
  const npcs = Object.values(view.entities).filter((e) => e.attitude !== undefined);
  if (npcs.length === 0) return null;
  return (
    <SidePanel
      icon={Handshake}
      heading="Attitudes"
      description="Won over at +3, hostile at −3."
      descriptionClassName="text-xs"
    >
      <ul className="grid gap-2">
        {npcs.map((e) => (
          <AttitudeRow key={e.id} e={e} attitude={e.attitude!} />
        ))}
      </ul>
    </SidePanel>
  );
}

function AttitudeRow({ e, attitude }: { e: Entity; attitude: number }) {
  const to = (a: number) => (api: InteractionApi, interactionId: string) =>
    api.setAttitude.mutate({ interactionId, entityId: e.id, attitude: a });
  return (
    <li className="flex flex-wrap items-center justify-between gap-2">
      <span>
        {e.name}
        {e.hidden && <span className="text-muted-foreground"> (hidden from players)</span>}
      </span>
      <span className="flex items-center gap-2">
        <CommandButton
          send={to(attitude - 1)}
          available={attitude > -3 ? { ok: true } : { ok: false, why: "already hostile" }}
        >
          <Minus className="size-4" aria-hidden />
          <span className="sr-only">Make {e.name} less friendly</span>
        </CommandButton>
        <span className="w-6 text-center font-medium tabular-nums">
          <span className="sr-only">attitude </span>
          {signed(attitude)}
        </span>
        <CommandButton
          send={to(attitude + 1)}
          available={attitude < 3 ? { ok: true } : { ok: false, why: "already won over" }}
        >
          <Plus className="size-4" aria-hidden />
          <span className="sr-only">Make {e.name} friendlier</span>
        </CommandButton>
      </span>
    </li>
  );
}
