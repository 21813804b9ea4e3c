import type { Item } from "@roundtable/live/engine";
import { NumberInput, required } from "../../components/NumberInput";
import { CheckboxField, Field, type At } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { NativeSelect } from "../../components/ui/native-select";

export type EditItem = (recipe: (it: Item) => void) => void;

/**
 * The fields of one item, by type: shared by a character's inventory and a chest's loot.
 * `at(field)` gives the error beside a field (and its key in the form, see <Field>); `edit` applies a change to this item.
 */
export function ItemFields({
  item,
  at,
  edit,
  nameLabel = "Name",
  equippable,
}: {
  item: Item;
  at: At;
  edit: EditItem;
  nameLabel?: string;
  /** Carried items can be worn or wielded; loot in a chest cannot. */
  equippable: boolean;
}) {
  return (
    <>
      <Field label={nameLabel} {...at("name")}>
        {(p) => (
          <Input {...p} value={item.name} onChange={(e) => edit((it) => void (it.name = e.target.value))} />
        )}
      </Field>
      <Field label="Value (gp)" {...at("value")} hint="Optional">
        {(p) => (
          <NumberInput {...p} value={item.value} onValueChange={(v) => edit((it) => void (it.value = v))} />
        )}
      </Field>
      {equippable && (item.type === "weapon" || item.type === "armor") && (
        <CheckboxField
          label="Equipped"
          className="self-end pb-2"
          checked={item.equipped}
          onCheckedChange={(checked) =>
            edit((it) => {
              if (it.type === "weapon" || it.type === "armor") it.equipped = checked === true;
            })
          }
        />
      )}
      {item.type === "armor" && (
        <Field label="AC bonus" {...at("acBonus")}>
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
        <Field label="Tags" {...at("tags")} hint="Comma-separated, e.g. a key's tag that opens a door">
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
    </>
  );
}

type Consumable = Extract<Item, { type: "consumable" }>;

function ConsumableFields({ item, at, edit }: { item: Consumable; at: At; edit: EditItem }) {
  const editC = (recipe: (it: Consumable) => void) =>
    edit((it) => void (it.type === "consumable" && recipe(it)));
  return (
    <>
      <Field label="Charges" {...at("charges")}>
        {(p) => (
          <NumberInput
            {...p}
            value={item.charges}
            onValueChange={(v) => editC((it) => void (it.charges = required(v)))}
          />
        )}
      </Field>
      <Field label="Use costs" {...at("cost")}>
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
      <Field label="Effect" {...at("effect.kind")}>
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
      <Field
        label={item.effect.kind === "heal" ? "Heals (dice)" : "Damage (dice)"}
        {...at("effect.amount")}
        hint="e.g. 2d4+2"
      >
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
          <Field label="Damage type" {...at("effect.damageType")}>
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
          <Field label="Range (ft)" {...at("effect.range")}>
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
