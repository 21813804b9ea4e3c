import type { Entity, TurnStep, ViewState } from "@roundtable/live/engine";
import { ListPlus } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "../../components/ui/button";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import { CommandError } from "./CommandError";
import { eligibleTargets, targetSpec } from "./model";
import { useCommand } from "./useCommand";

const describeStep = (v: ViewState, s: TurnStep): string => {
  switch (s.kind) {
    case "move":
      return `move ${s.path.length * 5} ft`;
    case "action": {
      const names = s.targets.map((t) => v.entities[t]?.name ?? "someone").join(", ");
      return `${s.actionId}${names ? ` on ${names}` : ""}`;
    }
    case "useItem":
      return `use ${s.itemId}`;
    case "interact":
      return `interact with ${v.map.objects[s.objectId]?.name ?? s.objectId}`;
  }
};

/**
 * Queue a character's next turn while it is not their turn: one action (with a target, optional
 * for a check). The server runs it when the turn starts and, if it is no longer valid then, says why.
 */
export function QueuePanel({
  view,
  entities,
  title,
}: {
  view: ViewState;
  entities: Entity[];
  title: string;
}) {
  const [entityId, setEntityId] = useState(entities[0]?.id ?? "");
  const entity = entities.find((e) => e.id === entityId) ?? entities[0];
  const headingId = useId();
  if (!entity) return null;
  const queued = view.queued[entity.id];
  return (
    <section aria-labelledby={headingId} className="grid gap-2 rounded-md border p-3">
      <h3 id={headingId} className="flex items-center gap-1 font-semibold">
        <ListPlus className="size-4" aria-hidden /> {title}
      </h3>
      {entities.length > 1 && (
        <div className="grid gap-1">
          <Label htmlFor={`${headingId}-who`}>Character</Label>
          <NativeSelect
            id={`${headingId}-who`}
            value={entity.id}
            onChange={(e) => setEntityId(e.target.value)}
          >
            {entities.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </NativeSelect>
        </div>
      )}
      {queued ? (
        <QueuedTurn view={view} entity={entity} steps={queued.steps} />
      ) : (
        <QueueForm key={entity.id} view={view} entity={entity} />
      )}
    </section>
  );
}

function QueuedTurn({ view, entity, steps }: { view: ViewState; entity: Entity; steps: TurnStep[] }) {
  const cmd = useCommand();
  const errId = useId();
  return (
    <div className="grid gap-2 text-sm">
      <p>
        Queued for {entity.name}: {steps.map((s) => describeStep(view, s)).join(", then ")}.
      </p>
      <Button
        size="sm"
        variant="outline"
        className="justify-self-start"
        disabled={cmd.disabled}
        aria-describedby={cmd.error ? errId : undefined}
        onClick={() =>
          void cmd.run((api, interactionId) =>
            api.queueTurn.mutate({ interactionId, entityId: entity.id, steps: [] }),
          )
        }
      >
        Cancel queued turn
      </Button>
      <CommandError id={errId} error={cmd.error} />
    </div>
  );
}

function QueueForm({ view, entity }: { view: ViewState; entity: Entity }) {
  const cmd = useCommand();
  const id = useId();
  const [actionId, setActionId] = useState(entity.actions[0]?.id ?? "");
  const action = entity.actions.find((a) => a.id === actionId);
  const spec = action ? targetSpec(action) : { kind: "none" as const };
  // not by range: where everyone stands when the turn comes is not known yet
  const pool =
    spec.kind === "entities" && action
      ? eligibleTargets(view, entity, action)
      : spec.kind === "point"
        ? Object.values(view.entities).filter((t) => t.side !== entity.side && !t.defeated)
        : [];
  const optional = spec.kind === "entities" && spec.min === 0;
  const [targetId, setTargetId] = useState("");
  const target = pool.find((t) => t.id === targetId) ?? (optional ? undefined : pool[0]);
  if (!action) return <p className="text-sm text-muted-foreground">{entity.name} has no actions to queue.</p>;
  const step: TurnStep =
    spec.kind === "entities" && target
      ? { kind: "action", actionId: action.id, targets: [target.id] }
      : spec.kind === "point" && target
        ? { kind: "action", actionId: action.id, targets: [], point: target.position }
        : { kind: "action", actionId: action.id, targets: [] };
  return (
    <form
      className="grid gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void cmd.run((api, interactionId) =>
          api.queueTurn.mutate({ interactionId, entityId: entity.id, steps: [step] }),
        );
      }}
    >
      <div className="grid gap-1">
        <Label htmlFor={`${id}-action`}>Queued action</Label>
        <NativeSelect id={`${id}-action`} value={action.id} onChange={(e) => setActionId(e.target.value)}>
          {entity.actions.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      {pool.length > 0 && (
        <div className="grid gap-1">
          <Label htmlFor={`${id}-target`}>{spec.kind === "point" ? "Centred on" : "Target"}</Label>
          <NativeSelect
            id={`${id}-target`}
            value={target?.id ?? ""}
            onChange={(e) => setTargetId(e.target.value)}
          >
            {optional && <option value="">No target</option>}
            {pool.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </NativeSelect>
        </div>
      )}
      <Button
        type="submit"
        className="justify-self-start"
        disabled={cmd.disabled || (spec.kind !== "none" && !optional && !target)}
        aria-describedby={cmd.error ? `${id}-err` : undefined}
      >
        Queue turn for {entity.name}
      </Button>
      <CommandError id={`${id}-err`} error={cmd.error} />
    </form>
  );
}
