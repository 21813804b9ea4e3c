import { backtrackTarget, isAway, type ViewState } from "@roundtable/live/engine";
import { isSimulationTable } from "@roundtable/live/protocol";
import {
  CircleCheck,
  Dice5,
  Pause,
  Play,
  Redo2,
  SkipBack,
  SkipForward,
  Square,
  Undo2,
  WifiOff,
} from "lucide-react";
import { useEffect, useId, useRef, useState, type ComponentProps, type RefObject } from "react";
import { Button } from "../../components/ui/button";
import { CommandError } from "./CommandError";
import { ConfirmButton } from "./ConfirmButton";
import { inPlay, members, outcomeNow, personName } from "./model";
import { useCommand } from "./useCommand";

/** The DM's flow controls: initiative, start / pause / end (resuming after a pause is on the closed table), and the turn pointer. */
export function DmControls({ view, me }: { view: ViewState; me: string | null }) {
  const flow = useCommand();
  const turnCmd = useCommand();
  const flowErr = useId();
  const turnErr = useId();
  const turn = view.turn;
  const current = turn?.entityId ? view.entities[turn.entityId] : undefined;
  const playing = inPlay(view);
  const whose = current ? `${current.name}'s turn` : "this turn";
  // Where the keyboard goes when a confirmed command leaves its own button disabled (ConfirmButton).
  const flowGroup = useRef<HTMLDivElement>(null);
  const turnGroup = useRef<HTMLDivElement>(null);
  const groupFocus = "rounded-md outline-none focus-visible:ring-2 focus-visible:ring-ring";
  // ...and where it goes when the control it was on goes away altogether: End once the interaction
  // is over, Skip and Backtrack once no one has the turn (or play stops). Their ConfirmButton is
  // unmounted before it can place the keyboard, which would be left on the page.
  // Only if the keyboard was in these controls (or a dialog of theirs) when they went: see
  // useFocusWhenGone.
  const focusHere = useRef(false);
  useFocusWhenGone(view.status === "completed", flowGroup, focusHere);
  useFocusWhenGone(!(playing && turn), playing ? turnGroup : flowGroup, focusHere);

  return (
    <section
      aria-labelledby="dm-heading"
      className="grid gap-3 rounded-md border p-3"
      // React's focus events bubble from the confirm dialogs too (portals), and none is sent for
      // an element React removes: a blur here is the keyboard leaving (a click on the map, Tab
      // out), not the control it was on going away. The window losing focus (the DM gone to
      // another browser tab) leaves the element focused: the keyboard is still here then.
      onFocus={() => (focusHere.current = true)}
      onBlur={(e) => {
        focusHere.current = false;
        const left = e.target;
        if (e.relatedTarget === null)
          queueMicrotask(() => {
            if (document.activeElement === left) focusHere.current = true;
          });
      }}
    >
      <h3 id="dm-heading" className="font-semibold">
        DM controls
      </h3>
      <div
        ref={flowGroup}
        role="group"
        aria-label="Flow"
        tabIndex={-1}
        className={`flex flex-wrap gap-2 ${groupFocus}`}
      >
        {view.status === "lobby" && (
          <>
            <Button
              variant="outline"
              disabled={flow.disabled}
              onClick={() =>
                void flow.run((api, interactionId) =>
                  api.rollInitiative.mutate({ interactionId, scope: "all" }),
                )
              }
            >
              <Dice5 aria-hidden /> Roll initiative for everyone
            </Button>
            <Button
              variant="outline"
              disabled={flow.disabled}
              onClick={() =>
                void flow.run((api, interactionId) =>
                  api.rollInitiative.mutate({ interactionId, scope: "npcs" }),
                )
              }
            >
              {/* `npcs` keeps the PCs' entered rolls and rolls for anyone without one, PCs included */}
              <Dice5 aria-hidden /> Roll initiative for NPCs and anyone without one
            </Button>
            <Button
              disabled={flow.disabled}
              aria-describedby={flow.error ? flowErr : undefined}
              onClick={() => void flow.run((api, interactionId) => api.start.mutate({ interactionId }))}
            >
              <Play aria-hidden /> Start
            </Button>
          </>
        )}
        {/* A paused simulation would lose its bots (the server refuses it): stopped from Test mode instead. */}
        {playing && !isSimulationTable(view) && (
          <Button
            variant="outline"
            disabled={flow.disabled}
            onClick={() => void flow.run((api, interactionId) => api.pause.mutate({ interactionId }))}
          >
            <Pause aria-hidden /> Pause
          </Button>
        )}
        {view.status !== "completed" && (
          <ConfirmButton
            variant="destructive"
            disabled={flow.disabled}
            title="End the interaction?"
            // what `end` would compute now, so no one ends a parley believing it won
            description={`${outcomeNow(view)} This ends it for everyone now: results (XP, loot) are computed from the current state and it cannot be played on.`}
            confirmLabel="End interaction"
            focusFallback={flowGroup}
            onConfirm={() => flow.run((api, interactionId) => api.end.mutate({ interactionId }))}
          >
            <Square aria-hidden /> End
          </ConfirmButton>
        )}
      </div>
      <CommandError id={flowErr} error={flow.error} />

      {/* Rolling back needs no current turn (the engine allows it once nobody can act). */}
      {playing && (
        <div
          ref={turnGroup}
          role="group"
          aria-label="Turn"
          tabIndex={-1}
          className={`grid gap-2 ${groupFocus}`}
        >
          {turn ? (
            <p className="text-sm">
              Current turn: <span className="font-medium">{current?.name ?? "—"}</span>
              {turn.makeUpFor !== undefined && " (make-up turn)"} (turn {turn.id})
            </p>
          ) : (
            <p className="text-sm">No one can act now. Roll back a turn, or end the interaction.</p>
          )}
          <div className="flex flex-wrap gap-2">
            {turn && (
              <>
                <TurnConfirmButton
                  turnId={turn.id}
                  focusFallback={turnGroup}
                  whose={whose}
                  disabled={turnCmd.disabled}
                  aria-describedby={turnCmd.error ? turnErr : undefined}
                  title={(w) => `Skip ${w}?`}
                  description={() =>
                    "The turn passes without anything more happening; it is logged as skipped."
                  }
                  confirmLabel="Skip turn"
                  onConfirm={(turnId) =>
                    turnCmd.run((api, interactionId) => api.skipTurn.mutate({ interactionId, turnId }))
                  }
                >
                  <SkipForward aria-hidden /> Skip turn
                </TurnConfirmButton>
                <TurnConfirmButton
                  turnId={turn.id}
                  focusFallback={turnGroup}
                  whose={whose}
                  // the engine's own rule: nothing before round 1's first turn, nor anyone down
                  disabled={turnCmd.disabled || backtrackTarget(view, turn) === null}
                  title={() => "Go back one turn?"}
                  description={(w) =>
                    `The turn pointer moves back from ${w} to the previous turn; what happened stays as it is.`
                  }
                  confirmLabel="Backtrack"
                  onConfirm={(turnId) =>
                    turnCmd.run((api, interactionId) => api.backtrackTurn.mutate({ interactionId, turnId }))
                  }
                >
                  <SkipBack aria-hidden /> Backtrack
                </TurnConfirmButton>
              </>
            )}
            {/* Pinned like Skip and Backtrack; with no one on the turn they are meant for that (null). */}
            <TurnConfirmButton
              turnId={turn?.id ?? null}
              focusFallback={turnGroup}
              whose={whose}
              disabled={turnCmd.disabled || view.canRollback === false}
              title={() => "Roll back the last turn?"}
              description={() =>
                "Everything since the previous turn started is undone exactly (HP, positions, items, what is hidden from the players). You can redo it afterwards."
              }
              confirmLabel="Roll back"
              onConfirm={(turnId) =>
                turnCmd.run((api, interactionId) => api.rollback.mutate({ interactionId, turnId }))
              }
            >
              <Undo2 aria-hidden /> Roll back
            </TurnConfirmButton>
            <TurnConfirmButton
              turnId={turn?.id ?? null}
              focusFallback={turnGroup}
              whose={whose}
              disabled={turnCmd.disabled || view.canRedo === false}
              title={() => "Redo the rolled-back turn?"}
              description={() =>
                "The state from before the rollback comes back, replacing what is on the table now."
              }
              confirmLabel="Redo"
              onConfirm={(turnId) =>
                turnCmd.run((api, interactionId) => api.redo.mutate({ interactionId, turnId }))
              }
            >
              <Redo2 aria-hidden /> Redo
            </TurnConfirmButton>
          </div>
          <CommandError id={turnErr} error={turnCmd.error} />
        </div>
      )}
      <Presence view={view} me={me} />
    </section>
  );
}

/**
 * When `gone` turns true (controls unmounted), gives the keyboard to `fallback` if it was left on
 * the page by them: focus on <body> while `focusHere` (the keyboard was last in the controls and
 * did not leave them) says it was on a control that is gone, or its dialog. Focus on <body> after
 * a click on something that takes none (the map) stays there; never taken from anywhere else.
 */
function useFocusWhenGone(
  gone: boolean,
  fallback: RefObject<HTMLElement | null>,
  focusHere: RefObject<boolean>,
) {
  const wasGone = useRef(gone);
  useEffect(() => {
    const before = wasGone.current;
    wasGone.current = gone;
    if (!gone || before || !focusHere.current) return;
    const active = document.activeElement;
    if (active === null || active === document.body) fallback.current?.focus();
  }, [gone, fallback, focusHere]);
}

/**
 * Skip, Backtrack, Roll back or Redo, asked about and sent for the turn that was current when its
 * dialog opened (null: no one had the turn; only Roll back and Redo are offered then).
 */
function TurnConfirmButton<T extends number | null>({
  turnId,
  whose,
  title,
  description,
  onConfirm,
  ...rest
}: {
  turnId: T;
  /** How the current turn is named, e.g. "Brenna's turn". */
  whose: string;
  title: (whose: string) => string;
  description: (whose: string) => string;
  onConfirm: (turnId: T) => Promise<unknown> | void;
} & Omit<ComponentProps<typeof ConfirmButton>, "title" | "description" | "onConfirm" | "onOpenChange">) {
  // Pinned at open rather than closing the dialog when the turn moves on (timer, End turn, another
  // tab's rollback): the DM's click is never lost or dropped onto what lies beneath, and a stale
  // confirm is refused by the server and explained beside the controls instead of acting on a
  // turn the DM never saw.
  const [asked, setAsked] = useState({ turnId, whose });
  return (
    <ConfirmButton
      {...rest}
      title={title(asked.whose)}
      description={description(asked.whose)}
      onOpenChange={(open) => {
        if (open) setAsked({ turnId, whose });
      }}
      onConfirm={() => onConfirm(asked.turnId)}
    />
  );
}

/** Who is connected; a disconnected player's current turn can be skipped from here. */
export function Presence({ view, me }: { view: ViewState; me: string | null }) {
  const cmd = useCommand();
  const errId = useId();
  const turn = view.turn;
  const current = turn?.entityId ? view.entities[turn.entityId] : undefined;
  const awayOwner =
    current?.ownerUserId && isAway(view.presence, current.ownerUserId) ? current.ownerUserId : null;
  return (
    <div className="grid gap-2">
      <h4 className="text-sm font-semibold">At the table</h4>
      <ul aria-label="Who is connected" className="grid gap-1 text-sm">
        {members(view).map((u) => {
          const online = u === me || !isAway(view.presence, u);
          return (
            <li key={u} className="flex items-center gap-2">
              {online ? (
                <CircleCheck className="size-4" aria-hidden />
              ) : (
                <WifiOff className="size-4" aria-hidden />
              )}
              {personName(view, u, me)}: {online ? "connected" : "disconnected"}
            </li>
          );
        })}
      </ul>
      {inPlay(view) && turn && current && awayOwner && (
        <>
          <Button
            variant="outline"
            className="justify-self-start"
            disabled={cmd.disabled}
            aria-describedby={cmd.error ? errId : undefined}
            onClick={() =>
              void cmd.run((api, interactionId) => api.skipTurn.mutate({ interactionId, turnId: turn.id }))
            }
          >
            <SkipForward aria-hidden /> Skip {current.name}&apos;s turn (player disconnected)
          </Button>
          <CommandError id={errId} error={cmd.error} />
        </>
      )}
    </div>
  );
}
