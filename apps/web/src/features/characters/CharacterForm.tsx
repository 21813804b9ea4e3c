import { CharacterSheet } from "@roundtable/live/engine";
import { produce } from "immer";
import { useEffect, useMemo, useState } from "react";
import { NumberInput, required } from "../../components/NumberInput";
import { Button } from "../../components/ui/button";
import { errorProps, Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { NativeSelect } from "../../components/ui/native-select";
import { fieldErrors, newId } from "../../lib/form-errors";
import { useFormSubmit } from "../../lib/use-form-submit";
import { FormAlert, keyWords, ShowsErrors, useFormAlert } from "../forms/FormAlert";
import { ActionsEditor } from "./ActionsEditor";
import { emptySheet } from "./defaults";
import { InventoryEditor } from "./InventoryEditor";
import { abilityKeys, abilityLabels, kindLabels } from "./labels";

export type CharacterFormProps = {
  initial?: CharacterSheet;
  /** Which kinds this user may create (players: PCs; a DM also NPCs and monsters). */
  kinds: CharacterSheet["kind"][];
  submitLabel: string;
  /** Rejects with the server's error to keep the form open; the caller shows the toast. */
  onSubmit: (sheet: CharacterSheet) => Promise<void>;
  onCancel?: () => void;
  /** Told whether there are unsaved edits (the page asks before leaving with them). */
  onDirtyChange?: (dirty: boolean) => void;
};

// too many items or actions is about the list, which no one field shows
const formLevel = { inventory: "Inventory", actions: "Actions" };

/**
 * What an error key is about, as the form names it ("Item 2", "Action 1", as their legends),
 * for the alert listing what no field shows (e.g. one tag too long: the Tags field shows the
 * list's own errors only).
 */
function about(key: string): string | undefined {
  const entry = /^(inventory|actions)\.(\d+)(?:\.(.+))?$/.exec(key);
  if (!entry) return undefined;
  const title = `${entry[1] === "inventory" ? "Item" : "Action"} ${Number(entry[2]) + 1}`;
  return entry[3] ? `${title}, ${keyWords(entry[3])}` : title;
}

/**
 * The full character sheet: stats, inventory and actions, validated with the engine's own
 * schema so what the form accepts is exactly what the live server can run.
 */
export function CharacterForm({
  initial,
  kinds,
  submitLabel,
  onSubmit,
  onCancel,
  onDirtyChange,
}: CharacterFormProps) {
  const [sheet, setSheet] = useState<CharacterSheet>(() =>
    initial ? repaired(initial) : emptySheet(kinds[0] ?? "pc"),
  );
  // Edits replace the sheet object (immer), so "unsaved" is "not the one last saved".
  const [saved, setSaved] = useState(sheet);
  const dirty = sheet !== saved;
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  // A form that goes away (its character was deleted meanwhile) leaves no edits to guard.
  useEffect(() => () => onDirtyChange?.(false), [onDirtyChange]);
  // The name is sent trimmed (as an interaction's is), so a name of only spaces is empty.
  const validation = useMemo(() => CharacterSheet.safeParse({ ...sheet, name: sheet.name.trim() }), [sheet]);
  const invalid = !validation.success;
  const formAlert = useFormAlert();
  const {
    errors,
    errorCount,
    submitting,
    onSubmit: submit,
  } = useFormSubmit(validation.success ? {} : fieldErrors(validation.error), async () => {
    if (!validation.success) return;
    await formAlert.save(() => onSubmit(validation.data));
    setSaved(sheet);
  });

  const update = (recipe: (draft: CharacterSheet) => void) => setSheet((s) => produce(s, recipe));
  const at = (key: string) => errorProps(errors, key);

  return (
    <form
      noValidate
      onSubmit={formAlert.onSubmit(submit, invalid)}
      className="grid gap-6"
      aria-label="Character sheet"
    >
      <ShowsErrors alert={formAlert}>
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="mb-2 text-lg font-semibold">Basics</legend>
          <Field label="Name" {...at("name")}>
            {(p) => (
              <Input
                {...p}
                value={sheet.name}
                autoComplete="off"
                onChange={(e) => update((d) => void (d.name = e.target.value))}
              />
            )}
          </Field>
          <Field
            label="Kind"
            {...at("kind")}
            hint={kinds.length < 2 ? "Fixed once the character exists" : undefined}
          >
            {(p) => (
              <NativeSelect
                {...p}
                value={sheet.kind}
                disabled={kinds.length < 2}
                onChange={(e) => update((d) => void (d.kind = e.target.value as CharacterSheet["kind"]))}
              >
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {kindLabels[k]}
                  </option>
                ))}
              </NativeSelect>
            )}
          </Field>
          {(
            [
              ["level", "Level"],
              ["xp", sheet.kind === "pc" ? "Experience points" : "XP when defeated"],
              ["maxHp", "Max HP"],
              ["ac", "Armor class"],
              ["speed", "Speed (ft)"],
            ] as const
          ).map(([key, label]) => (
            <Field key={key} label={label} {...at(key)}>
              {(p) => (
                <NumberInput
                  {...p}
                  value={sheet[key]}
                  onValueChange={(v) => update((d) => void (d[key] = required(v)))}
                />
              )}
            </Field>
          ))}
        </fieldset>

        <fieldset className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          <legend className="mb-2 text-lg font-semibold">Ability modifiers</legend>
          {abilityKeys.map((k) => (
            <Field key={k} label={abilityLabels[k]} {...at(`abilities.${k}`)}>
              {(p) => (
                <NumberInput
                  {...p}
                  value={sheet.abilities[k]}
                  onValueChange={(v) => update((d) => void (d.abilities[k] = required(v)))}
                />
              )}
            </Field>
          ))}
        </fieldset>

        <InventoryEditor items={sheet.inventory} errors={errors} update={update} />
        <ActionsEditor actions={sheet.actions} inventory={sheet.inventory} errors={errors} update={update} />
      </ShowsErrors>

      <FormAlert alert={formAlert} errors={errors} formLevel={formLevel} describe={about} />
      <div className="flex flex-wrap items-center gap-2 border-t pt-4">
        <Button type="submit" disabled={submitting}>
          {submitting ? "Saving…" : submitLabel}
        </Button>
        {onCancel && (
          <Button variant="outline" onClick={onCancel} disabled={submitting}>
            Cancel
          </Button>
        )}
        <p role="status" aria-live="polite" className="text-sm text-destructive">
          {errorCount > 0 ? `Fix ${errorCount === 1 ? "1 field" : `${errorCount} fields`} to save.` : ""}
        </p>
      </div>
    </form>
  );
}

/**
 * A sheet saved before the engine's schema refused them may repeat an item's or an action's id
 * (the form makes unique ones), or have an attack naming a weapon it no longer carries (one
 * saved before removing a weapon freed its attacks) or an item that is no weapon. The form has
 * no field for ids and its weapon select offers only carried weapons (showing "None" for any
 * other), so a repeat gets a fresh id (an attack keeps needing the first of its id, as the table
 * read it) and such an attack needs no weapon: saving keeps nothing the schema refuses.
 */
function repaired(sheet: CharacterSheet): CharacterSheet {
  const weapons = new Set(sheet.inventory.flatMap((i) => (i.type === "weapon" ? [i.id] : [])));
  // a fresh id is new to the whole list, not only to the entries before it
  const all = new Set([...sheet.inventory, ...sheet.actions].map((e) => e.id));
  return produce(sheet, (d) => {
    const items = new Set<string>();
    for (const it of d.inventory) {
      if (items.has(it.id)) it.id = freshId("item", all);
      items.add(it.id);
    }
    const actions = new Set<string>();
    for (const a of d.actions) {
      if (actions.has(a.id)) a.id = freshId("action", all);
      actions.add(a.id);
      if (a.kind === "attack" && a.weaponId !== undefined && !weapons.has(a.weaponId)) delete a.weaponId;
    }
  });
}

function freshId(prefix: string, taken: Set<string>): string {
  let id = newId(prefix);
  while (taken.has(id)) id = newId(prefix);
  taken.add(id);
  return id;
}
