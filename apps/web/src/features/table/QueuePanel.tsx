import type { Entity, TurnStep, ViewState } from "@roundtable/live/engine";
import { ListPlus } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "../../components/ui/button";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import { CommandError } from "./CommandError";
import { key } from "./model";
import { describeStep, planned, planSoFar } from "./queue-plan";
import { QueuePlanForm } from "./QueuePlanForm";
import { SidePanel } from "./SidePanel";
import { useCommand } from "./useCommand";

/**
 * Queue a character's next turn while it is not their turn: a plan of up to six steps. The
 * server runs it when the turn starts and, if a step is no longer valid then, says why.
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
  const whoId = useId();
  if (!entity) return null;
  const queued = view.queued[entity.id];
  return (
    <SidePanel icon={ListPlus} heading={title} text="inherit">
      {entities.length > 1 && (
        <div className="grid gap-1">
          <Label htmlFor={whoId}>Character</Label>
          <NativeSelect id={whoId} value={entity.id} onChange={(e) => setEntityId(e.target.value)}>
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
        // a plan's moves start where the creature stands: one made elsewhere is dropped
        <QueuePlanForm key={`${entity.id}@${key(entity.position)}`} view={view} entity={entity} />
      )}
    </SidePanel>
  );
}

function QueuedTurn({ view, entity, steps }: { view: ViewState; entity: Entity; steps: TurnStep[] }) {
  const cmd = useCommand();
  const errId = useId();
  // an item the plan loots on the way is named as the creature will then carry it
  const carrying = planned(entity, planSoFar(view, entity, steps));
  return (
    <div className="grid gap-2 text-sm">
      <p>Queued for {entity.name}; it runs when the turn starts:</p>
      <ol aria-label={`Queued turn for ${entity.name}`} className="list-decimal pl-5">
        {steps.map((s, i) => (
          <li key={i}>{describeStep(view, carrying, s)}</li>
        ))}
      </ol>
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
