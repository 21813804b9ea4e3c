import type {
  Ability,
  ActionDef,
  CharacterSheet,
  ConditionName,
  Item,
  SpellAction,
} from "@roundtable/live/engine";
import { Plus } from "lucide-react";
import { useId, useRef, useState, type RefObject } from "react";
import { NumberInput, required } from "../../components/NumberInput";
import { RemoveRowButton } from "../../components/RemoveRowButton";
import { Button } from "../../components/ui/button";
import { CheckboxField, errorProps, Field, type At } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import type { FieldErrors } from "../../lib/form-errors";
import { newAction } from "./defaults";
import { abilityKeys, abilityLabels, actionKindLabels, conditionLabels } from "./labels";

type Update = (recipe: (draft: CharacterSheet) => void) => void;

export function ActionsEditor({
  actions,
  inventory,
  errors,
  update,
}: {
  actions: ActionDef[];
  inventory: Item[];
  errors: FieldErrors;
  update: Update;
}) {
  const [kind, setKind] = useState<ActionDef["kind"]>("attack");
  const selectId = useId();
  const addButton = useRef<HTMLButtonElement>(null);
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-2 text-lg font-semibold">Actions</legend>
      {actions.length === 0 && <p className="text-sm text-muted-foreground">No actions yet.</p>}
      <ol className="grid gap-3">
        {actions.map((action, i) => (
          <li key={action.id}>
            <ActionEditor
              action={action}
              index={i}
              inventory={inventory}
              errors={errors}
              update={update}
              whenEmpty={addButton}
            />
          </li>
        ))}
      </ol>
      {errors.actions && <p className="text-sm font-medium text-destructive">{errors.actions}</p>}
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor={selectId}>New action kind</Label>
          <NativeSelect
            id={selectId}
            value={kind}
            onChange={(e) => setKind(e.target.value as ActionDef["kind"])}
            className="w-44"
          >
            {Object.entries(actionKindLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button
          ref={addButton}
          variant="outline"
          onClick={() => update((d) => void d.actions.push(newAction(kind)))}
        >
          <Plus aria-hidden />
          Add action
        </Button>
      </div>
    </fieldset>
  );
}

function ActionEditor({
  action,
  index,
  inventory,
  errors,
  update,
  whenEmpty,
}: {
  action: ActionDef;
  index: number;
  inventory: Item[];
  errors: FieldErrors;
  update: Update;
  whenEmpty: RefObject<HTMLElement | null>;
}) {
  const at: At = (field) => errorProps(errors, `actions.${index}.${field}`);
  const edit = (recipe: (a: ActionDef) => void) =>
    update((d) => {
      const a = d.actions[index];
      if (a) recipe(a);
    });
  const title = `Action ${index + 1}`;
  return (
    <fieldset className="grid gap-3 rounded-md border p-3 sm:grid-cols-2">
      <legend className="px-1 text-sm font-medium">
        {title}: {actionKindLabels[action.kind]}
      </legend>
      <Field label="Name" {...at("name")}>
        {(p) => (
          <Input {...p} value={action.name} onChange={(e) => edit((a) => void (a.name = e.target.value))} />
        )}
      </Field>
      <Field label="Costs" {...at("cost")}>
        {(p) => (
          <NativeSelect
            {...p}
            value={action.cost ?? "action"}
            onChange={(e) => edit((a) => void (a.cost = e.target.value === "bonus" ? "bonus" : undefined))}
          >
            <option value="action">An action</option>
            <option value="bonus">A bonus action</option>
          </NativeSelect>
        )}
      </Field>
      <Field label="Uses per interaction" {...at("uses")} hint="Empty: unlimited">
        {(p) => (
          <NumberInput {...p} value={action.uses} onValueChange={(v) => edit((a) => void (a.uses = v))} />
        )}
      </Field>
      {action.kind === "attack" && (
        <>
          <NumberField
            label="To-hit bonus"
            field="toHit"
            value={action.toHit}
            at={at}
            set={(v) => edit((a) => void (a.kind === "attack" && (a.toHit = v)))}
          />
          <TextField
            label="Damage (dice)"
            field="damage"
            value={action.damage}
            at={at}
            set={(v) => edit((a) => void (a.kind === "attack" && (a.damage = v)))}
          />
          <TextField
            label="Damage type"
            field="damageType"
            value={action.damageType}
            at={at}
            set={(v) => edit((a) => void (a.kind === "attack" && (a.damageType = v)))}
          />
          <NumberField
            label="Range (ft)"
            field="range"
            value={action.range}
            at={at}
            set={(v) => edit((a) => void (a.kind === "attack" && (a.range = v)))}
          />
          <Field label="Needs weapon" {...at("weaponId")} hint="Must be equipped to attack">
            {(p) => (
              <NativeSelect
                {...p}
                value={action.weaponId ?? ""}
                onChange={(e) =>
                  edit((a) => void (a.kind === "attack" && (a.weaponId = e.target.value || undefined)))
                }
              >
                <option value="">None</option>
                {inventory
                  .filter((it) => it.type === "weapon")
                  .map((it) => (
                    <option key={it.id} value={it.id}>
                      {it.name || "Unnamed weapon"}
                    </option>
                  ))}
              </NativeSelect>
            )}
          </Field>
        </>
      )}
      {action.kind === "spell" && (
        <SpellFields spell={action} at={at} edit={(r) => edit((a) => void (a.kind === "spell" && r(a)))} />
      )}
      {action.kind === "check" && (
        <>
          <Field label="Ability" {...at("ability")}>
            {(p) => (
              <NativeSelect
                {...p}
                value={action.ability}
                onChange={(e) =>
                  edit((a) => void (a.kind === "check" && (a.ability = e.target.value as Ability)))
                }
              >
                {abilityKeys.map((k) => (
                  <option key={k} value={k}>
                    {abilityLabels[k]}
                  </option>
                ))}
              </NativeSelect>
            )}
          </Field>
          <NumberField
            label="Bonus"
            field="bonus"
            value={action.bonus}
            at={at}
            set={(v) => edit((a) => void (a.kind === "check" && (a.bonus = v)))}
          />
          <NumberField
            label="DC"
            field="dc"
            value={action.dc}
            at={at}
            set={(v) => edit((a) => void (a.kind === "check" && (a.dc = v)))}
          />
          <Field label="Range (ft)" {...at("range")} hint="Optional">
            {(p) => (
              <NumberInput
                {...p}
                value={action.range}
                onValueChange={(v) => edit((a) => void (a.kind === "check" && (a.range = v)))}
              />
            )}
          </Field>
        </>
      )}
      <div className="sm:col-span-2">
        <RemoveRowButton
          label={`Remove ${action.name || title}`}
          whenEmpty={whenEmpty}
          onRemove={() => update((d) => void d.actions.splice(index, 1))}
        />
      </div>
    </fieldset>
  );
}

function NumberField({
  label,
  field,
  value,
  at,
  set,
}: {
  label: string;
  field: string;
  value: number;
  at: At;
  set: (v: number) => void;
}) {
  return (
    <Field label={label} {...at(field)}>
      {(p) => <NumberInput {...p} value={value} onValueChange={(v) => set(required(v))} />}
    </Field>
  );
}

function TextField({
  label,
  field,
  value,
  at,
  set,
  hint,
}: {
  label: string;
  field: string;
  value: string;
  at: At;
  set: (v: string) => void;
  hint?: string;
}) {
  return (
    <Field label={label} {...at(field)} hint={hint}>
      {(p) => <Input {...p} value={value} onChange={(e) => set(e.target.value)} />}
    </Field>
  );
}

/** Optional text: an empty box removes the field. */
function optional(text: string): string | undefined {
  return text.trim() === "" ? undefined : text;
}

function SpellFields({
  spell,
  at,
  edit,
}: {
  spell: SpellAction;
  at: At;
  edit: (recipe: (s: SpellAction) => void) => void;
}) {
  return (
    <>
      <NumberField
        label="Spell level"
        field="level"
        value={spell.level}
        at={at}
        set={(v) => edit((s) => void (s.level = v))}
      />
      <NumberField
        label="Range (ft)"
        field="range"
        value={spell.range}
        at={at}
        set={(v) => edit((s) => void (s.range = v))}
      />
      <Field label="Targets" {...at("targets.type")}>
        {(p) => (
          <NativeSelect
            {...p}
            value={spell.targets.type}
            onChange={(e) =>
              edit((s) => void (s.targets.type = e.target.value as SpellAction["targets"]["type"]))
            }
          >
            <option value="enemy">Enemies</option>
            <option value="ally">Allies</option>
            <option value="any">Anyone</option>
            <option value="self">Self</option>
          </NativeSelect>
        )}
      </Field>
      <NumberField
        label="Max targets"
        field="targets.max"
        value={spell.targets.max}
        at={at}
        set={(v) => edit((s) => void (s.targets.max = v))}
      />
      <Field label="Area radius (ft)" {...at("area.radius")} hint="Optional: hits everyone in a sphere">
        {(p) => (
          <NumberInput
            {...p}
            value={spell.area?.radius}
            onValueChange={(v) => edit((s) => void (s.area = v === undefined ? undefined : { radius: v }))}
          />
        )}
      </Field>
      <Field label="Spell attack to-hit" {...at("attack.toHit")} hint="Optional">
        {(p) => (
          <NumberInput
            {...p}
            value={spell.attack?.toHit}
            onValueChange={(v) => edit((s) => void (s.attack = v === undefined ? undefined : { toHit: v }))}
          />
        )}
      </Field>
      <Field label="Saving throw" {...at("save.ability")}>
        {(p) => (
          <NativeSelect
            {...p}
            value={spell.save?.ability ?? ""}
            onChange={(e) =>
              edit((s) => {
                const ability = e.target.value as Ability;
                s.save =
                  e.target.value === ""
                    ? undefined
                    : { ability, dc: s.save?.dc ?? 13, half: s.save?.half ?? true };
              })
            }
          >
            <option value="">None</option>
            {abilityKeys.map((k) => (
              <option key={k} value={k}>
                {abilityLabels[k]}
              </option>
            ))}
          </NativeSelect>
        )}
      </Field>
      {spell.save && (
        <>
          <NumberField
            label="Save DC"
            field="save.dc"
            value={spell.save.dc}
            at={at}
            set={(v) => edit((s) => void (s.save && (s.save.dc = v)))}
          />
          <CheckboxField
            label="Half damage on a save"
            className="self-end pb-2"
            checked={spell.save.half}
            onCheckedChange={(c) => edit((s) => void (s.save && (s.save.half = c === true)))}
          />
        </>
      )}
      <TextField
        label="Damage (dice)"
        field="damage"
        hint="Optional"
        value={spell.damage ?? ""}
        at={at}
        set={(v) => edit((s) => void (s.damage = optional(v)))}
      />
      <TextField
        label="Damage type"
        field="damageType"
        hint="Optional"
        value={spell.damageType ?? ""}
        at={at}
        set={(v) => edit((s) => void (s.damageType = optional(v)))}
      />
      <TextField
        label="Healing (dice)"
        field="heal"
        hint="Optional"
        value={spell.heal ?? ""}
        at={at}
        set={(v) => edit((s) => void (s.heal = optional(v)))}
      />
      <Field label="Condition" {...at("condition.name")}>
        {(p) => (
          <NativeSelect
            {...p}
            value={spell.condition?.name ?? ""}
            onChange={(e) =>
              edit((s) => {
                s.condition =
                  e.target.value === ""
                    ? undefined
                    : { name: e.target.value as ConditionName, rounds: s.condition?.rounds ?? 1 };
              })
            }
          >
            <option value="">None</option>
            {Object.entries(conditionLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        )}
      </Field>
      {spell.condition && (
        <NumberField
          label="Condition rounds"
          field="condition.rounds"
          value={spell.condition.rounds}
          at={at}
          set={(v) => edit((s) => void (s.condition && (s.condition.rounds = v)))}
        />
      )}
    </>
  );
}
