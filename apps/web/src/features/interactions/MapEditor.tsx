import type { Ability, GameMap, Item, MapObject, Position } from "@roundtable/live/engine";
import { useId, useRef, useState, type RefObject } from "react";
import { NumberInput, required } from "../../components/NumberInput";
import { RemoveRowButton } from "../../components/RemoveRowButton";
import { CheckboxField, errorProps, Field, FieldError } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import type { FieldErrors } from "../../lib/form-errors";
import { abilityKeys, abilityLabels } from "../characters/labels";
import { LootEditor } from "./LootEditor";
import { MapGrid, type MapToken } from "./MapGrid";
import { eraseCell, newObject, objectKindLabels, resizeMap, toggleTerrain } from "./map-model";

type Tool = "blocked" | "difficult" | "erase" | `object:${MapObject["kind"]}` | `place:${string}`;

/**
 * The map: size, a tool, and a grid to apply it to. Tokens are the seated participants;
 * "Place" moves one of them to the cell picked.
 */
export function MapEditor({
  map,
  tokens,
  errors,
  onMapChange,
  onPlace,
}: {
  map: GameMap;
  tokens: MapToken[];
  errors: FieldErrors;
  onMapChange: (recipe: (map: GameMap) => GameMap) => void;
  onPlace: (tokenKey: string, position: Position) => void;
}) {
  const toolId = useId();
  const [tool, setTool] = useState<Tool>("blocked");
  const [notice, setNotice] = useState("");

  function apply(p: Position) {
    const at = `${p.x}, ${p.y}`;
    if (tool === "blocked" || tool === "difficult") {
      onMapChange((m) => toggleTerrain(m, p, tool));
      setNotice(`Toggled ${tool === "blocked" ? "blocked" : "difficult terrain"} at ${at}.`);
    } else if (tool === "erase") {
      onMapChange((m) => eraseCell(m, p));
      setNotice(`Cleared ${at}.`);
    } else if (tool.startsWith("object:")) {
      const kind = tool.slice("object:".length) as MapObject["kind"];
      onMapChange((m) => ({ ...m, objects: [...m.objects, newObject(kind, p)] }));
      setNotice(`Added a ${objectKindLabels[kind].toLowerCase()} at ${at}.`);
    } else {
      const key = tool.slice("place:".length);
      onPlace(key, p);
      setNotice(`Placed ${tokens.find((t) => t.key === key)?.name ?? "participant"} at ${at}.`);
    }
  }

  return (
    <fieldset className="grid gap-3">
      <legend className="mb-2 text-lg font-semibold">Map</legend>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Field label="Width (cells)" {...errorProps(errors, "map.width")}>
          {(p) => (
            <NumberInput
              {...p}
              value={map.width}
              onValueChange={(v) => onMapChange((m) => resizeMap(m, required(v), m.height))}
            />
          )}
        </Field>
        <Field label="Height (cells)" {...errorProps(errors, "map.height")}>
          {(p) => (
            <NumberInput
              {...p}
              value={map.height}
              onValueChange={(v) => onMapChange((m) => resizeMap(m, m.width, required(v)))}
            />
          )}
        </Field>
        <div className="col-span-2 grid gap-1.5">
          <Label htmlFor={toolId}>Map tool</Label>
          <NativeSelect id={toolId} value={tool} onChange={(e) => setTool(e.target.value as Tool)}>
            <optgroup label="Terrain">
              <option value="blocked">Toggle blocked</option>
              <option value="difficult">Toggle difficult terrain</option>
              <option value="erase">Erase cell</option>
            </optgroup>
            <optgroup label="Objects">
              {Object.entries(objectKindLabels).map(([kind, label]) => (
                <option key={kind} value={`object:${kind}`}>
                  Add {label.toLowerCase()}
                </option>
              ))}
            </optgroup>
            {tokens.length > 0 && (
              <optgroup label="Participants">
                {tokens.map((t) => (
                  <option key={t.key} value={`place:${t.key}`}>
                    Place {t.name}
                  </option>
                ))}
              </optgroup>
            )}
          </NativeSelect>
        </div>
      </div>
      <p className="text-xs text-muted-foreground">
        Pick a tool, then click a cell (or move with the arrow keys and press Enter). ✕ blocked, ≈ difficult
        terrain, D door, C chest, L lever, T trap; participants: circles (party), squares (enemies), dashed
        circles (neutral).
      </p>
      {Number.isInteger(map.width) &&
        Number.isInteger(map.height) &&
        map.width >= 1 &&
        map.height >= 1 &&
        map.width <= 100 &&
        map.height <= 100 && <MapGrid map={map} tokens={tokens} onCellActivate={apply} label="Map grid" />}
      {/* What the map as a whole gets wrong (a chest no participant can ever reach), under the grid. */}
      {errors.map && <p className="text-sm font-medium text-destructive">{errors.map}</p>}
      <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
        {notice}
      </p>
      <ObjectsEditor map={map} errors={errors} onMapChange={onMapChange} />
    </fieldset>
  );
}

/** What a lever's pull works on (the engine ignores anything else in its `toggles`). */
const toggleable = (o: MapObject) => o.kind === "door" || o.kind === "chest" || o.kind === "trap";

function ObjectsEditor({
  map,
  errors,
  onMapChange,
}: {
  map: GameMap;
  errors: FieldErrors;
  onMapChange: (recipe: (map: GameMap) => GameMap) => void;
}) {
  // About the objects as a whole (e.g. a puzzle with no chest to open).
  const error = errors["map.objects"] && (
    <p className="text-sm font-medium text-destructive">{errors["map.objects"]}</p>
  );
  // Objects are added on the grid, so focus comes here when the last one is removed.
  const heading = useRef<HTMLHeadingElement>(null);
  const edit = (index: number, patch: Partial<MapObject>) =>
    onMapChange((m) => ({
      ...m,
      objects: m.objects.map((o, i) => (i === index ? ({ ...o, ...patch } as MapObject) : o)),
    }));
  return (
    <div className="grid gap-3">
      <h3 ref={heading} tabIndex={-1} className="font-semibold">
        Objects
      </h3>
      {error}
      {map.objects.length === 0 ? (
        <p className="text-sm text-muted-foreground">No objects on the map.</p>
      ) : (
        <ol className="grid gap-3">
          {map.objects.map((o, i) => (
            <li key={o.id}>
              <ObjectRow
                object={o}
                index={i}
                map={map}
                errors={errors}
                edit={(patch) => edit(i, patch)}
                editLoot={(recipe) =>
                  onMapChange((m) => ({
                    ...m,
                    objects: m.objects.map((obj, j) =>
                      j === i && obj.kind === "chest" ? { ...obj, loot: recipe(obj.loot) } : obj,
                    ),
                  }))
                }
                remove={() => onMapChange((m) => ({ ...m, objects: m.objects.filter((_, j) => j !== i) }))}
                whenEmpty={heading}
              />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function ObjectRow({
  object: o,
  index,
  map,
  errors,
  edit,
  editLoot,
  remove,
  whenEmpty,
}: {
  object: MapObject;
  index: number;
  map: GameMap;
  errors: FieldErrors;
  edit: (patch: Partial<MapObject>) => void;
  editLoot: (recipe: (loot: Item[]) => Item[]) => void;
  remove: () => void;
  whenEmpty: RefObject<HTMLElement | null>;
}) {
  const at = (f: string) => errorProps(errors, `map.objects.${index}.${f}`);
  // A flag has no error of its own: any value is valid (the rest of the setup is checked).
  const flag = (key: "open" | "locked" | "on" | "armed" | "hidden", label: string, checked: boolean) => (
    <CheckboxField
      label={label}
      className="self-end pb-2"
      checked={checked}
      onCheckedChange={(c) => edit({ [key]: c === true })}
    />
  );
  return (
    <fieldset className="grid grid-cols-2 gap-3 rounded-md border p-3 sm:grid-cols-4">
      <legend className="px-1 text-sm font-medium">
        {objectKindLabels[o.kind]} at {o.position.x}, {o.position.y}
      </legend>
      <Field label="Name" {...at("name")} className="col-span-2">
        {(p) => <Input {...p} value={o.name} onChange={(e) => edit({ name: e.target.value })} />}
      </Field>
      {/* Players cannot see or use a hidden object until it is revealed: a trap when found or
          set off, any object when the DM reveals it in play (engine command reveal). */}
      {flag("hidden", "Hidden", o.hidden === true)}
      <FieldError {...at("position")} className="col-span-2" />
      {(o.kind === "door" || o.kind === "chest") && (
        <>
          {flag("open", "Open", o.open)}
          {flag("locked", "Locked", o.locked)}
          <Field label="Key tag" {...at("keyTag")} hint="A gear item with this tag unlocks it">
            {(p) => (
              <Input
                {...p}
                value={o.keyTag ?? ""}
                onChange={(e) => edit({ keyTag: e.target.value || undefined })}
              />
            )}
          </Field>
          {o.kind === "chest" && (
            <LootEditor
              chestName={o.name || objectKindLabels.chest}
              loot={o.loot}
              errorAt={(f) => at(f ? `loot.${f}` : "loot")}
              onLootChange={editLoot}
            />
          )}
        </>
      )}
      {o.kind === "lever" && (
        <>
          {flag("on", "On", o.on)}
          <fieldset className="col-span-2 grid gap-2">
            <legend className="text-sm font-medium">Toggles</legend>
            {map.objects.some(toggleable) ? (
              <p className="text-xs text-muted-foreground">
                Each pull opens or closes a door, locks or unlocks a chest, and arms or disarms a trap.
              </p>
            ) : (
              <p className="text-xs text-muted-foreground">
                Add a door, chest or trap for the lever to work.
              </p>
            )}
            {map.objects.filter(toggleable).map((t) => (
              <CheckboxField
                key={t.id}
                label={t.name}
                checked={o.toggles.includes(t.id)}
                onCheckedChange={(c) =>
                  edit({
                    toggles: c === true ? [...o.toggles, t.id] : o.toggles.filter((id) => id !== t.id),
                  })
                }
              />
            ))}
          </fieldset>
        </>
      )}
      {o.kind === "trap" && (
        <>
          {flag("armed", "Armed", o.armed)}
          <Field label="Save DC" {...at("dc")}>
            {(p) => <NumberInput {...p} value={o.dc} onValueChange={(v) => edit({ dc: required(v) })} />}
          </Field>
          <Field label="Saving throw" {...at("save")}>
            {(p) => (
              <NativeSelect {...p} value={o.save} onChange={(e) => edit({ save: e.target.value as Ability })}>
                {abilityKeys.map((k) => (
                  <option key={k} value={k}>
                    {abilityLabels[k]}
                  </option>
                ))}
              </NativeSelect>
            )}
          </Field>
          <Field label="Damage (dice)" {...at("damage")}>
            {(p) => <Input {...p} value={o.damage} onChange={(e) => edit({ damage: e.target.value })} />}
          </Field>
        </>
      )}
      <RemoveRowButton
        label={`Remove ${o.name || objectKindLabels[o.kind]}`}
        className="col-span-2 justify-self-start sm:col-span-4"
        whenEmpty={whenEmpty}
        onRemove={remove}
      />
    </fieldset>
  );
}
