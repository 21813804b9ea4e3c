import {
  isStunned,
  type ActionDef,
  type Entity,
  type Position,
  type ViewState,
} from "@roundtable/live/engine";
import { Footprints, Swords } from "lucide-react";
import { useId, useRef, type RefObject } from "react";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { useEscapeCancels } from "../live/escape-steps";
import { CommandError } from "./CommandError";
import { ROUND_HEADER_ID } from "./Initiative";
import { actionAvailable, cellText, resourcesLeft, targetSpec, validTargets, type Resources } from "./model";
import { TargetChecklist } from "./TargetChecklist";
import { Inventory, ObjectsInReach } from "./TurnItems";
import { useCommand } from "./useCommand";

export type Plan = { kind: "none" } | { kind: "move" } | { kind: "action"; actionId: string };

const costText = (a: ActionDef) => (a.cost === "bonus" ? "bonus action" : "action");

/** What is left this turn, each in words (used / available), not by colour. */
export function ResourceList({ r }: { r: Resources }) {
  const item = (label: string, ok: boolean, extra?: string) => (
    <li className="flex items-center gap-1">
      <Badge variant={ok ? "success" : "outline"}>
        {label}: {extra ?? (ok ? "available" : "used")}
      </Badge>
    </li>
  );
  return (
    <ul aria-label="What is left this turn" className="flex flex-wrap gap-1.5">
      {item("Action", r.action)}
      {item("Bonus action", r.bonus)}
      {item("Movement", r.movementFt > 0, `${r.movementFt} ft`)}
      {item("Reaction", r.reaction)}
    </ul>
  );
}

/**
 * The acting seat's controls on its turn: move (pick a reachable cell on the map), actions with
 * targets (from the list or the map), inventory, objects in reach, end turn.
 */
export function ActPanel({
  view,
  entity,
  plan,
  setPlan,
  targets,
  setTargets,
  point,
  moveError,
}: {
  view: ViewState;
  entity: Entity;
  plan: Plan;
  setPlan: (p: Plan) => void;
  targets: string[];
  setTargets: (t: string[]) => void;
  point: Position | null;
  moveError: string | null;
}) {
  const turn = view.turn!;
  const r = resourcesLeft(view, entity);
  const endTurn = useCommand();
  const endTurnRef = useRef<HTMLButtonElement>(null);
  const endErr = useId();
  const moveErr = useId();
  const selected = plan.kind === "action" ? entity.actions.find((a) => a.id === plan.actionId) : undefined;
  const stunned = isStunned(entity);
  const selectedRef = useRef<HTMLButtonElement>(null);
  const pickerRef = useRef<HTMLDivElement>(null);
  /** Cancel (or Escape) drops the pick; the keyboard goes from the closing picker to its action. */
  const cancelPick = () => {
    const inPicker = pickerRef.current?.contains(document.activeElement) ?? false;
    setPlan({ kind: "none" });
    if (inPicker) selectedRef.current?.focus();
  };
  useEscapeCancels(plan.kind !== "none", cancelPick);

  return (
    <section aria-labelledby="act-heading" className="grid gap-3 rounded-md border p-3">
      <h3 id="act-heading" className="font-semibold">
        {entity.name}: your turn{turn.makeUpFor !== undefined ? " (make-up turn)" : ""}
      </h3>
      <ResourceList r={r} />
      {stunned && <p className="text-sm font-medium">{entity.name} is stunned and can only end the turn.</p>}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant={plan.kind === "move" ? "default" : "outline"}
          aria-pressed={plan.kind === "move"}
          aria-describedby={moveError ? moveErr : undefined}
          disabled={r.movementFt < 5 || stunned}
          onClick={() => setPlan(plan.kind === "move" ? { kind: "none" } : { kind: "move" })}
        >
          <Footprints aria-hidden /> Move ({stunned ? "stunned" : `${r.movementFt} ft left`})
        </Button>
        <Button
          ref={endTurnRef}
          variant="secondary"
          disabled={endTurn.disabled}
          aria-describedby={endTurn.error ? endErr : undefined}
          onClick={() =>
            void endTurn
              .run((api, interactionId) =>
                api.endTurn.mutate({ interactionId, turnId: turn.id, entityId: entity.id }),
              )
              .then((ended) => {
                // This panel leaves with the turn: keep the keyboard in the table.
                if (ended) document.getElementById(ROUND_HEADER_ID)?.focus();
              })
          }
        >
          End turn
        </Button>
      </div>
      {plan.kind === "move" && (
        <p className="text-sm text-muted-foreground">
          Pick a cell marked as reachable on the map (Enter or click).
        </p>
      )}
      <CommandError id={moveErr} error={moveError} />
      <CommandError id={endErr} error={endTurn.error} />

      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-semibold">Actions</legend>
        <ul className="flex flex-wrap gap-2">
          {entity.actions.map((a) => {
            const avail = actionAvailable(entity, a, r);
            const uses = a.uses !== undefined ? `, ${entity.usesLeft[a.id] ?? 0} left` : "";
            return (
              <li key={a.id}>
                <Button
                  ref={selected?.id === a.id ? selectedRef : undefined}
                  size="sm"
                  variant={selected?.id === a.id ? "default" : "outline"}
                  aria-pressed={selected?.id === a.id}
                  disabled={!avail.ok}
                  onClick={() => {
                    setTargets([]);
                    setPlan(selected?.id === a.id ? { kind: "none" } : { kind: "action", actionId: a.id });
                  }}
                >
                  <Swords aria-hidden />
                  {a.name} ({costText(a)}
                  {uses}
                  {avail.ok ? "" : `: ${avail.why}`})
                </Button>
              </li>
            );
          })}
        </ul>
      </fieldset>
      {selected && (
        <ActionTargets
          view={view}
          entity={entity}
          action={selected}
          targets={targets}
          setTargets={setTargets}
          point={point}
          pickerRef={pickerRef}
          onDone={(confirmed) => {
            if (!confirmed) return cancelPick();
            setPlan({ kind: "none" });
            // The confirm button goes away with the picker: keep the keyboard focus in the turn
            // (on End turn once the action is spent), not lost to the dialog.
            endTurnRef.current?.focus();
          }}
        />
      )}
      <Inventory view={view} entity={entity} r={r} />
      <ObjectsInReach view={view} entity={entity} r={r} />
    </section>
  );
}

function ActionTargets({
  view,
  entity,
  action,
  targets,
  setTargets,
  point,
  pickerRef,
  onDone,
}: {
  view: ViewState;
  entity: Entity;
  action: ActionDef;
  targets: string[];
  setTargets: (t: string[]) => void;
  point: Position | null;
  pickerRef: RefObject<HTMLDivElement | null>;
  /** Called when the picker closes: `confirmed` after the server took the action, false on Cancel. */
  onDone: (confirmed: boolean) => void;
}) {
  const cmd = useCommand();
  const errId = useId();
  const spec = targetSpec(action);
  const options = validTargets(view, entity, action);
  const ready =
    spec.kind === "none" ||
    (spec.kind === "entities" && targets.length >= spec.min) ||
    (spec.kind === "point" && point !== null);
  return (
    <div ref={pickerRef} className="grid gap-2 rounded-md bg-muted/50 p-2">
      {spec.kind === "entities" && (
        <TargetChecklist
          legend={`Targets for ${action.name} (${spec.min === 0 ? "optional, " : ""}up to ${spec.max}; pick on the map or here)`}
          spec={spec}
          options={options}
          from={entity.position}
          targets={targets}
          setTargets={setTargets}
          empty="No one is in range."
        />
      )}
      {spec.kind === "point" && (
        <p className="text-sm">
          {point
            ? `Area centred on ${cellText(point)} (radius ${spec.radius} ft).`
            : `Pick the centre of the ${spec.radius} ft area on the map.`}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={cmd.disabled || !ready}
          aria-describedby={cmd.error ? errId : undefined}
          onClick={() =>
            void cmd
              .run((api, interactionId) =>
                api.takeTurn.mutate({
                  interactionId,
                  turnId: view.turn!.id,
                  entityId: entity.id,
                  actionId: action.id,
                  targets: spec.kind === "entities" ? targets : [],
                  ...(spec.kind === "point" && point ? { point } : {}),
                }),
              )
              .then((ok) => ok && onDone(true))
          }
        >
          Confirm {action.name}
        </Button>
        <Button variant="ghost" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
      <CommandError id={errId} error={cmd.error} />
    </div>
  );
}
