import type { Position, ViewState } from "@roundtable/live/engine";
import { isSimulationTable } from "@roundtable/live/protocol";
import { Trophy, X } from "lucide-react";
import { useId, useMemo, useState } from "react";
import { Button } from "../../components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "../../components/ui/tabs";
import { outcomeText } from "../interactions/outcome-text";
import { ActPanel, type Plan } from "./ActPanel";
import { ChatAnnouncer, ChatPanel } from "./ChatPanel";
import { DmControls } from "./DmControls";
import { Initiative, RoundHeader } from "./Initiative";
import { LobbyGear } from "./LobbyGear";
import { MakeUpTurns } from "./MakeUpTurns";
import {
  inPlay,
  key,
  myEntities,
  myTurnEntity,
  reachable,
  resourcesLeft,
  runsTable,
  targetSpec,
  validTargets,
  type Reach,
  type Seat,
} from "./model";
import { ParleyAttitudes } from "./ParleyAttitudes";
import { QueuePanel } from "./QueuePanel";
import { RevealHidden } from "./RevealHidden";
import { useSeat, useTable, useView } from "./table-context";
import { TableMap, type CellInfo, type MapMode } from "./TableMap";
import { toggleTarget } from "./TargetChecklist";
import { FullTurnLog } from "./FullTurnLog";
import { TurnLog, TurnLogAnnouncer } from "./TurnLog";
import { useCommand } from "./useCommand";

const NO_REACH: Reach = new Map();

/** The synced table: the player's view, plus the DM's controls for the DM (and admins in tests). */
export function TableView() {
  const view = useView();
  const seat = useSeat();
  const actor = myTurnEntity(view, seat);
  const runs = runsTable(view, seat);
  const queueable = myEntities(view, seat).filter((e) => !e.defeated && e.id !== actor?.id);
  const [tab, setTab] = useState("chat");

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="grid min-w-0 content-start gap-3">
        <RoundHeader view={view} />
        <Notices />
        <Results view={view} />
        <MakeUpTurns view={view} seat={seat} />
        <TurnArea view={view} seat={seat} />
      </div>
      <aside className="grid min-w-0 content-start gap-3" aria-label="Table details">
        {runs && <DmControls view={view} me={seat.userId} />}
        {runs && <RevealHidden view={view} />}
        {runs && <ParleyAttitudes view={view} />}
        <Initiative view={view} seat={seat} />
        {view.status === "lobby" && (
          <LobbyGear
            entities={myEntities(view, seat)}
            title={seat.role === "player" ? "Your gear" : "NPC and monster gear"}
          />
        )}
        {view.status !== "completed" && queueable.length > 0 && (
          <QueuePanel
            view={view}
            entities={queueable}
            title={seat.role === "player" ? "Queue your next turn" : "Queue NPC and monster turns"}
          />
        )}
        {/* Both panels stay mounted (a chat draft survives a look at the log); the one not shown is
            `hidden`, so it is neither seen, focused nor read. */}
        <Tabs value={tab} onValueChange={setTab}>
          <TabsList aria-label="Chat and log">
            <TabsTrigger value="chat">Chat</TabsTrigger>
            <TabsTrigger value="log">Turn log</TabsTrigger>
          </TabsList>
          <TabsContent value="chat" forceMount hidden={tab !== "chat"}>
            <ChatPanel view={view} />
          </TabsContent>
          <TabsContent value="log" forceMount hidden={tab !== "log"} className="grid gap-2">
            <TurnLog view={view} />
            {/* once ended the room is gone, and the log it saved is on the interaction's page
                (a simulation saves none: its report keeps the last lines) */}
            {runs &&
              (view.status !== "completed" ? (
                <FullTurnLog view={view} />
              ) : isSimulationTable(view) ? null : (
                <p className="text-sm text-muted-foreground">
                  The full turn log is on this interaction&apos;s page, under Turn log.
                </p>
              ))}
          </TabsContent>
        </Tabs>
        {/* A hidden panel's live region says nothing: new log lines and messages are read out from here. */}
        <TurnLogAnnouncer view={view} />
        <ChatAnnouncer view={view} />
      </aside>
    </div>
  );
}

/**
 * The acting seat's panel (or who we wait for) and the map. The map stays mounted from turn to
 * turn, so a player arrowing around it keeps their place (and the keyboard focus) while others
 * act; what was half-picked for a turn (plan, targets, area centre, a move's error) is reset
 * when the turn, or the creature this seat acts for, changes.
 */
function TurnArea({ view, seat }: { view: ViewState; seat: Seat }) {
  const actor = myTurnEntity(view, seat);
  const turnKey = `${view.turn?.id ?? 0}:${actor?.id ?? ""}`;
  const [plan, setPlan] = useState<Plan>({ kind: "none" });
  const [targets, setTargets] = useState<string[]>([]);
  const [point, setPoint] = useState<Position | null>(null);
  const [pickedFor, setPickedFor] = useState(turnKey);
  if (pickedFor !== turnKey) {
    // A new turn starts with nothing half-picked (reset while rendering: no stale frame).
    setPickedFor(turnKey);
    setPlan({ kind: "none" });
    setTargets([]);
    setPoint(null);
  }
  const move = useCommand();
  // The turn the last move was sent in: its error (even one arriving late) belongs to that turn.
  const [movedIn, setMovedIn] = useState<string | null>(null);
  const waitId = useId();
  const movement = actor ? resourcesLeft(view, actor).movementFt : 0;
  const reach = useMemo(
    () => (actor && plan.kind === "move" ? reachable(view, actor, movement) : NO_REACH),
    [actor, plan.kind, view, movement],
  );
  const action =
    actor && plan.kind === "action" ? actor.actions.find((a) => a.id === plan.actionId) : undefined;
  const spec = action ? targetSpec(action) : null;
  // What may be targeted now: a pick that left it (the DM hid the creature) drops out of the pick.
  const targetable = actor && action ? new Set(validTargets(view, actor, action).map((t) => t.id)) : null;
  const chosen = targetable ? targets.filter((id) => targetable.has(id)) : targets;
  // and stays out if it comes back (reset while rendering, as above)
  if (chosen.length !== targets.length) setTargets(chosen);
  const mode: MapMode =
    plan.kind === "move"
      ? "move"
      : spec?.kind === "entities"
        ? "target"
        : spec?.kind === "point"
          ? "point"
          : "inspect";

  const onActivate = (cell: CellInfo) => {
    if (!actor || !view.turn) return;
    if (mode === "move") {
      const r = reach.get(key(cell.p));
      if (!r) return;
      const turnId = view.turn.id;
      setMovedIn(turnKey);
      void move.run((api, interactionId) =>
        api.moveEntity.mutate({ interactionId, turnId, entityId: actor.id, path: r.path }),
      );
    } else if (mode === "target" && action && spec?.kind === "entities" && cell.entity) {
      const id = cell.entity.id;
      if (!targetable?.has(id)) return;
      setTargets(toggleTarget(spec, chosen, id, !chosen.includes(id)));
    } else if (mode === "point") setPoint(cell.p);
  };

  const current = view.turn?.entityId ? view.entities[view.turn.entityId] : undefined;
  return (
    <>
      {actor ? (
        <ActPanel
          // Keyed by turn: the panel's own state (End turn's error, an item's target) is per turn.
          key={turnKey}
          view={view}
          entity={actor}
          plan={plan}
          setPlan={(p) => {
            setPlan(p);
            setPoint(null);
          }}
          targets={chosen}
          setTargets={setTargets}
          point={point}
          moveError={movedIn === turnKey ? move.error : null}
        />
      ) : (
        inPlay(view) && (
          <p id={waitId} className="rounded-md border p-3 text-sm">
            {view.turn === null
              ? seat.role === "player"
                ? "No one can act; the DM may roll back or end the interaction."
                : "No one can act: everyone in the initiative order is down."
              : view.status === "awaiting_dm" && !current?.ownerUserId
                ? "Waiting for the DM to reconnect; you can still queue your next turn."
                : `Waiting for ${current?.name ?? "an unseen creature"} to act.`}
          </p>
        )
      )}
      <TableMap
        view={view}
        seat={seat}
        mode={mode}
        reach={reach}
        selected={new Set(chosen)}
        point={point}
        focusEntityId={actor?.id ?? null}
        onActivate={onActivate}
      />
    </>
  );
}

function Notices() {
  const notices = useTable((s) => s.notices);
  const dismiss = useTable((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <ul aria-label="Notices" className="grid gap-1">
      {notices.map((n) => (
        <li
          key={n.id}
          className="flex items-start justify-between gap-2 rounded-md border border-warning p-2 text-sm"
        >
          <span>{n.message}</span>
          <Button
            size="icon"
            variant="ghost"
            className="size-7"
            aria-label={`Dismiss notice: ${n.message}`}
            onClick={() => dismiss(n.id)}
          >
            <X aria-hidden />
          </Button>
        </li>
      ))}
    </ul>
  );
}

function Results({ view }: { view: ViewState }) {
  const r = view.results;
  if (!r) return null;
  return (
    <section aria-label="Results" className="grid gap-1 rounded-md border p-3 text-sm">
      <h3 className="flex items-center gap-1 font-semibold">
        <Trophy className="size-4" aria-hidden /> {outcomeText(view.kind, r.winner)} after {r.rounds}{" "}
        {r.rounds === 1 ? "round" : "rounds"}
      </h3>
      <ul className="list-disc pl-5">
        {Object.entries(r.xp).map(([id, xp]) => (
          <li key={id}>
            {view.entities[id]?.name ?? id}: {xp} XP
          </li>
        ))}
        {r.loot.map((l, i) => (
          <li key={i}>
            {view.entities[l.entityId]?.name ?? l.entityId} took {l.item.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
