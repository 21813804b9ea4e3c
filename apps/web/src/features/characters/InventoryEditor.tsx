import type { CharacterSheet, Item } from "@roundtable/live/engine";
import { Plus, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { NumberInput, required } from "../../components/NumberInput";
import { Button } from "../../components/ui/button";
import { Checkbox } from "../../components/ui/checkbox";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import type { FieldErrors } from "../../lib/form-errors";
import { newItem } from "./defaults";
import { itemTypeLabels } from "./labels";

type Update = (recipe: (draft: CharacterSheet) => void) => void;

export function InventoryEditor({
  items,
  errors,
  update,
}: {
  items: Item[];
  errors: FieldErrors;
  update: Update;
}) {
  const [type, setType] = useState<Item["type"]>("weapon");
  const selectId = useId();
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-2 text-lg font-semibold">Inventory</legend>
      {items.length === 0 && <p className="text-sm text-muted-foreground">No items yet.</p>}
      <ol className="grid gap-3">
        {items.map((item, i) => (
          <li key={item.id}>
            <ItemEditor item={item} index={i} errors={errors} update={update} />
          </li>
        ))}
      </ol>
      {errors.inventory && <p className="text-sm font-medium text-destructive">{errors.inventory}</p>}
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor={selectId}>New item type</Label>
          <NativeSelect
            id={selectId}
            value={type}
            onChange={(e) => setType(e.target.value as Item["type"])}
            className="w-40"
          >
            {Object.entries(itemTypeLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button variant="outline" onClick={() => update((d) => void d.inventory.push(newItem(type)))}>
          <Plus aria-hidden />
          Add item
        </Button>
      </div>
    </fieldset>
  );
}

function ItemEditor({
  item,
  index,
  errors,
  update,
}: {
  item: Item;
  index: number;
  errors: FieldErrors;
  update: Update;
}) {
  const at = (field: string) => errors[`inventory.${index}.${field}`];
  const edit = (recipe: (it: Item) => void) =>
    update((d) => {
      const it = d.inventory[index];
      if (it) recipe(it);
    });
  const title = `Item ${index + 1}`;
  return (
    <fieldset className="grid gap-3 rounded-md border p-3 sm:grid-cols-2">
      <legend className="px-1 text-sm font-medium">
        {title}: {itemTypeLabels[item.type]}
      </legend>
      <Field label="Name" error={at("name")}>
        {(p) => (
          <Input {...p} value={item.name} onChange={(e) => edit((it) => void (it.name = e.target.value))} />
        )}
      </Field>
      <Field label="Value (gp)" error={at("value")} hint="Optional">
        {(p) => (
          <NumberInput {...p} value={item.value} onValueChange={(v) => edit((it) => void (it.value = v))} />
        )}
      </Field>
      {(item.type === "weapon" || item.type === "armor") && (
        <div className="flex items-center gap-2 self-end pb-2">
          <Checkbox
            id={`${item.id}-equipped`}
            checked={item.equipped}
            onCheckedChange={(checked) =>
              edit((it) => {
                if (it.type === "weapon" || it.type === "armor") it.equipped = checked === true;
              })
            }
          />
          <Label htmlFor={`${item.id}-equipped`}>Equipped</Label>
        </div>
      )}
      {item.type === "armor" && (
        <Field label="AC bonus" error={at("acBonus")}>
          {(p) => (
            <NumberInput
              {...p}
              value={item.acBonus}
              onValueChange={(v) => edit((it) => void (it.type === "armor" && (it.acBonus = required(v))))}
            />
          )}
        </Field>
      )}
      {item.type === "consumable" && <ConsumableFields item={item} at={at} edit={edit} />}
      {item.type === "gear" && (
        <Field label="Tags" error={at("tags")} hint="Comma-separated, e.g. a key's tag that opens a door">
          {(p) => (
            <Input
              {...p}
              value={(item.tags ?? []).join(", ")}
              onChange={(e) =>
                edit((it) => {
                  if (it.type !== "gear") return;
                  const tags = e.target.value
                    .split(",")
                    .map((t) => t.trim())
                    .filter(Boolean);
                  it.tags = tags.length > 0 ? tags : undefined;
                })
              }
            />
          )}
        </Field>
      )}
      <div className="sm:col-span-2">
        <Button
          variant="ghost"
          size="sm"
          className="text-destructive"
          aria-label={`Remove ${item.name || title}`}
          onClick={() => update((d) => void d.inventory.splice(index, 1))}
        >
          <Trash2 aria-hidden />
          Remove
        </Button>
      </div>
    </fieldset>
  );
}

type Consumable = Extract<Item, { type: "consumable" }>;

function ConsumableFields({
  item,
  at,
  edit,
}: {
  item: Consumable;
  at: (field: string) => string | undefined;
  edit: (recipe: (it: Item) => void) => void;
}) {
  const editC = (recipe: (it: Consumable) => void) =>
    edit((it) => void (it.type === "consumable" && recipe(it)));
  return (
    <>
      <Field label="Charges" error={at("charges")}>
        {(p) => (
          <NumberInput
            {...p}
            value={item.charges}
            onValueChange={(v) => editC((it) => void (it.charges = required(v)))}
          />
        )}
      </Field>
      <Field label="Use costs" error={at("cost")}>
        {(p) => (
          <NativeSelect
            {...p}
            value={item.cost ?? ""}
            onChange={(e) =>
              editC(
                (it) =>
                  void (it.cost = e.target.value === "" ? undefined : (e.target.value as "action" | "bonus")),
              )
            }
          >
            <option value="">Nothing (free)</option>
            <option value="action">An action</option>
            <option value="bonus">A bonus action</option>
          </NativeSelect>
        )}
      </Field>
      <Field label="Effect" error={at("effect.kind")}>
        {(p) => (
          <NativeSelect
            {...p}
            value={item.effect.kind}
            onChange={(e) =>
              editC((it) => {
                it.effect =
                  e.target.value === "heal"
                    ? { kind: "heal", amount: it.effect.amount }
                    : { kind: "damage", amount: it.effect.amount, damageType: "fire", range: 20 };
              })
            }
          >
            <option value="heal">Heal</option>
            <option value="damage">Damage</option>
          </NativeSelect>
        )}
      </Field>
      <Field label="Amount (dice)" error={at("effect.amount")} hint="e.g. 2d4+2">
        {(p) => (
          <Input
            {...p}
            value={item.effect.amount}
            onChange={(e) => editC((it) => void (it.effect.amount = e.target.value))}
          />
        )}
      </Field>
      {item.effect.kind === "damage" && (
        <>
          <Field label="Damage type" error={at("effect.damageType")}>
            {(p) => (
              <Input
                {...p}
                value={item.effect.kind === "damage" ? item.effect.damageType : ""}
                onChange={(e) =>
                  editC((it) => void (it.effect.kind === "damage" && (it.effect.damageType = e.target.value)))
                }
              />
            )}
          </Field>
          <Field label="Range (ft)" error={at("effect.range")}>
            {(p) => (
              <NumberInput
                {...p}
                value={item.effect.kind === "damage" ? item.effect.range : undefined}
                onValueChange={(v) =>
                  editC((it) => void (it.effect.kind === "damage" && (it.effect.range = required(v))))
                }
              />
            )}
          </Field>
        </>
      )}
    </>
  );
}
