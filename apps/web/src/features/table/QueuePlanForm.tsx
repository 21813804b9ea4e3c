import type { Entity, TurnStep, ViewState } from "@roundtable/live/engine";
import { useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { Button } from "../../components/ui/button";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import { CommandError } from "./CommandError";
import { describeStep, MAX_QUEUED_STEPS, planned, planSoFar, type PlanSoFar } from "./queue-plan";
import { ActionStep, InteractStep, ItemStep, MoveStep } from "./QueueStepPickers";
import { useCommand } from "./useCommand";

type Kind = TurnStep["kind"];
const KINDS: { kind: Kind; label: string }[] = [
  { kind: "move", label: "Move" },
  { kind: "action", label: "Action" },
  { kind: "useItem", label: "Use an item" },
  { kind: "interact", label: "Interact with an object" },
];

/** What a fresh turn still has after the plan, in words. */
function leftText(plan: PlanSoFar): string {
  const parts = [
    plan.r.action && "action",
    plan.r.bonus && "bonus action",
    plan.r.movementFt > 0 && `${plan.r.movementFt} ft of movement`,
    plan.r.objectFree && "free object interaction",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

/**
 * Builds a turn plan step by step — moves, an action, item use, objects — in the order the
 * server will run them, offering only what the turn has left after the steps before.
 */
export function QueuePlanForm({ view, entity }: { view: ViewState; entity: Entity }) {
  const cmd = useCommand();
  const id = useId();
  const [steps, setSteps] = useState<TurnStep[]>([]);
  const [kind, setKind] = useState<Kind>("action");
  const kindRef = useRef<HTMLSelectElement>(null);
  const queueRef = useRef<HTMLButtonElement>(null);
  const plan = planSoFar(view, entity, steps);
  // steps are named with what the plan leaves it carrying: an item looted on the way too
  const carrying = planned(entity, plan);

  // The control used may go away with the change (the picker when the plan is full, Remove
  // when it is empty): keep the keyboard on the next thing to do.
  const change = (next: TurnStep[]) => {
    flushSync(() => setSteps(next));
    (next.length < MAX_QUEUED_STEPS ? kindRef.current : queueRef.current)?.focus();
  };
  const pickerProps = { view, entity, plan, onAdd: (s: TurnStep) => change([...steps, s]), idBase: id };

  return (
    <div className="grid gap-2 text-sm">
      <p className="text-muted-foreground">
        The steps run in this order when {entity.name}&apos;s turn starts, then the turn ends. If one is no
        longer possible then, the rest is dropped and the turn is yours to play.
      </p>
      {steps.length === 0 ? (
        <p>No steps planned yet.</p>
      ) : (
        <ol aria-label={`Plan for ${entity.name}`} className="list-decimal pl-5">
          {steps.map((s, i) => (
            <li key={i}>{describeStep(view, carrying, s)}</li>
          ))}
        </ol>
      )}
      <p>
        Left in that turn: {leftText(plan)}. Steps: {steps.length} of {MAX_QUEUED_STEPS}.
      </p>
      {plan.stepsLeft > 0 && (
        <div className="grid gap-2 rounded-md bg-muted/50 p-2">
          <div className="grid gap-1">
            <Label htmlFor={`${id}-kind`}>Next step</Label>
            <NativeSelect
              ref={kindRef}
              id={`${id}-kind`}
              value={kind}
              onChange={(e) => setKind(e.target.value as Kind)}
            >
              {KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </NativeSelect>
          </div>
          {kind === "move" && <MoveStep {...pickerProps} />}
          {kind === "action" && <ActionStep {...pickerProps} />}
          {kind === "useItem" && <ItemStep {...pickerProps} />}
          {kind === "interact" && <InteractStep {...pickerProps} />}
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        <Button
          ref={queueRef}
          disabled={cmd.disabled || steps.length === 0}
          aria-describedby={cmd.error ? `${id}-err` : undefined}
          onClick={() =>
            void cmd.run((api, interactionId) =>
              api.queueTurn.mutate({ interactionId, entityId: entity.id, steps }),
            )
          }
        >
          Queue turn for {entity.name}
        </Button>
        <Button variant="outline" disabled={steps.length === 0} onClick={() => change(steps.slice(0, -1))}>
          Remove last step
        </Button>
        <Button variant="ghost" disabled={steps.length === 0} onClick={() => change([])}>
          Clear plan
        </Button>
      </div>
      <CommandError id={`${id}-err`} error={cmd.error} />
    </div>
  );
}
