import type { Entity, Position } from "@roundtable/live/engine";
import { useId, type ReactNode } from "react";
import { Checkbox } from "../../components/ui/checkbox";
import { Label } from "../../components/ui/label";
import { distanceFeet, isActive, type TargetSpec } from "./model";

type EntitiesSpec = Extract<TargetSpec, { kind: "entities" }>;

/** Picking one more target past `max` drops the oldest pick (one target: picking swaps it). */
export function toggleTarget(spec: EntitiesSpec, targets: string[], id: string, on: boolean): string[] {
  if (!on) return targets.filter((t) => t !== id);
  return spec.max === 1 ? [id] : [...targets, id].slice(-spec.max);
}

/** A checkbox per creature an action may name, each with its distance from `from`. */
export function TargetChecklist({
  legend,
  spec,
  options,
  from,
  targets,
  setTargets,
  empty,
}: {
  legend: ReactNode;
  spec: EntitiesSpec;
  options: Entity[];
  from: Position;
  targets: string[];
  setTargets: (t: string[]) => void;
  empty: string;
}) {
  // a prefix per picker: the turn's picker and the queue's may list the same creature at once
  const prefix = useId();
  return (
    <fieldset className="grid gap-1">
      <legend className="text-sm font-medium">{legend}</legend>
      {options.length === 0 && <p className="text-sm text-muted-foreground">{empty}</p>}
      {options.map((t) => {
        const id = `${prefix}-${t.id}`;
        return (
          <div key={t.id} className="flex items-center gap-2">
            <Checkbox
              id={id}
              checked={targets.includes(t.id)}
              onCheckedChange={(on) => setTargets(toggleTarget(spec, targets, t.id, on === true))}
            />
            <Label htmlFor={id} className="font-normal">
              {t.name} ({distanceFeet(from, t.position)} ft{isActive(t) ? "" : ", down"})
            </Label>
          </div>
        );
      })}
    </fieldset>
  );
}
