import { isAway, type Entity, type ViewState } from "@roundtable/live/engine";
import { ChevronRight, Skull, UserRound, WifiOff } from "lucide-react";
import { useId, useState } from "react";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Input } from "../../components/ui/input";
import { cn } from "../../lib/utils";
import { CommandError } from "./CommandError";
import { Countdown } from "./Countdown";
import { attitudeText, controls, hpText, runsTable, type Seat } from "./model";
import { useTable } from "./table-context";
import { useCommand } from "./useCommand";

const statusText: Record<ViewState["status"], string> = {
  lobby: "Not started",
  active: "In play",
  awaiting_dm: "Waiting for the DM",
  paused: "Paused",
  completed: "Completed",
};

export const ROUND_HEADER_ID = "live-table-round";

export function RoundHeader({ view }: { view: ViewState }) {
  const offset = useTable((s) => s.serverOffsetMs);
  // Not joined (a refused join): the deadline may be long gone or moved; a running clock would mislead.
  const failed = useTable((s) => s.error !== null);
  const current = view.turn?.entityId ? view.entities[view.turn.entityId] : undefined;
  return (
    // Focus lands here when the control that had it goes away with the turn (End turn), so the
    // keyboard stays in the table instead of falling back to the dialog.
    <div
      id={ROUND_HEADER_ID}
      tabIndex={-1}
      aria-label="Round and turn"
      className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-sm text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring"
    >
      <span data-testid="round">{view.round > 0 ? `Round ${view.round}` : "Round —"}</span>
      <Badge variant="outline">{statusText[view.status]}</Badge>
      {view.turn && (
        <span>
          Turn: {current?.name ?? (view.turn.entityId === null ? "an unseen creature" : "—")}
          {view.turn.makeUpFor !== undefined && " (make-up turn)"}
        </span>
      )}
      {!failed && <Countdown turn={view.turn} serverOffsetMs={offset} />}
    </div>
  );
}

/** Initiative order with the current turn and the viewer's own characters marked in words and icons. */
export function Initiative({ view, seat }: { view: ViewState; seat: Seat }) {
  const canEdit = runsTable(view, seat);
  // Players enter their own PC's roll before the fight only (the server refuses it later).
  const entersOwn = (id: string) => view.status === "lobby" && controls(view, seat, id);
  const inOrder = new Set(view.order.map((o) => o.entityId));
  const unordered = Object.values(view.entities).filter((e) => !inOrder.has(e.id));
  return (
    <section aria-labelledby="initiative-heading" className="grid gap-2">
      <h3 id="initiative-heading" className="text-sm font-semibold">
        Initiative
      </h3>
      {view.order.length === 0 && (
        <p className="text-sm text-muted-foreground">Initiative has not been rolled yet.</p>
      )}
      <ol className="grid gap-1" aria-label="Initiative order">
        {view.order.map((o, i) => {
          const e = view.entities[o.entityId];
          if (!e) return null;
          return (
            <InitiativeRow
              key={o.entityId}
              index={i}
              e={e}
              value={o.initiative}
              next={o.next}
              view={view}
              seat={seat}
              canEdit={canEdit || entersOwn(e.id)}
            />
          );
        })}
      </ol>
      {unordered.length > 0 && (canEdit || unordered.some((e) => entersOwn(e.id))) && (
        <ul className="grid gap-1" aria-label="Not yet in the order">
          {unordered.map((e) => (
            <InitiativeRow
              key={e.id}
              index={null}
              e={e}
              value={null}
              view={view}
              seat={seat}
              canEdit={canEdit || entersOwn(e.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function InitiativeRow({
  index,
  e,
  value,
  next,
  view,
  seat,
  canEdit,
}: {
  index: number | null;
  e: Entity;
  value: number | null;
  /** A change made during play, which takes effect with the next round. */
  next?: number | undefined;
  view: ViewState;
  seat: Seat;
  canEdit: boolean;
}) {
  const current = view.turn?.entityId === e.id;
  const mine = controls(view, seat, e.id) && seat.role === "player";
  const owner = e.ownerUserId;
  // away as the engine counts it (its turns are missed): disconnected, or not at the table yet
  const offline = owner !== undefined && owner !== seat.userId && isAway(view.presence, owner);
  const down = e.defeated || e.unconscious;
  const attitude = attitudeText(e);
  return (
    <li
      aria-current={current ? "step" : undefined}
      className={cn(
        "flex flex-wrap items-center gap-2 rounded-md border px-2 py-1.5 text-sm",
        current && "border-primary bg-accent font-medium",
        mine && "border-l-4 border-l-primary",
      )}
    >
      {current ? <ChevronRight className="size-4" aria-hidden /> : <span className="w-4" aria-hidden />}
      <span className="w-6 text-right tabular-nums">{value ?? "–"}</span>
      <span className={cn(down && "line-through")}>{e.name}</span>
      {next !== undefined && (
        <span className="text-xs text-muted-foreground">(becomes {next} from the next round)</span>
      )}
      {current && <Badge variant="default">Current turn</Badge>}
      {mine && (
        <Badge variant="outline">
          <UserRound className="size-3" aria-hidden /> You
        </Badge>
      )}
      {e.hidden && <Badge variant="outline">Hidden from players</Badge>}
      {down && <Skull className="size-4" aria-label={e.defeated ? "defeated" : "unconscious"} />}
      {offline && (
        <Badge variant="warning">
          <WifiOff className="size-3" aria-hidden /> Away
        </Badge>
      )}
      <span className="ml-auto text-xs text-muted-foreground">{hpText(e, seat)}</span>
      {/* A parley is won or lost on these: said in words on its own line, not by colour. */}
      {attitude && (
        <span className="w-full pl-12 text-xs">{attitude[0]!.toUpperCase() + attitude.slice(1)}</span>
      )}
      {index === null && <span className="sr-only">(no initiative yet)</span>}
      {canEdit && view.status !== "completed" && (
        <EditInitiative key={String(next ?? value)} e={e} value={next ?? value} />
      )}
    </li>
  );
}

function EditInitiative({ e, value }: { e: Entity; value: number | null }) {
  const cmd = useCommand();
  const [text, setText] = useState(value === null ? "" : String(value));
  const errId = useId();
  const n = Number(text);
  const valid = text.trim() !== "" && Number.isInteger(n) && n >= -10 && n <= 60;
  return (
    <form
      className="flex w-full items-center gap-1 sm:w-auto"
      onSubmit={(ev) => {
        ev.preventDefault();
        if (valid)
          void cmd.run((api, interactionId) =>
            api.updateInitiative.mutate({ interactionId, entityId: e.id, initiative: n }),
          );
      }}
    >
      <Input
        type="number"
        inputMode="numeric"
        min={-10}
        max={60}
        className="h-8 w-20"
        aria-label={`Initiative for ${e.name}`}
        aria-describedby={cmd.error ? errId : undefined}
        value={text}
        onChange={(ev) => setText(ev.target.value)}
      />
      <Button
        type="submit"
        size="sm"
        variant="outline"
        className="h-8"
        disabled={cmd.disabled || !valid}
        aria-label={`Set initiative for ${e.name}`}
      >
        Set
      </Button>
      <CommandError id={errId} error={cmd.error} />
    </form>
  );
}
