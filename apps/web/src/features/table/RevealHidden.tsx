import type { ViewState } from "@roundtable/live/engine";
import { Eye, EyeOff } from "lucide-react";
import { useId, useRef, useState } from "react";
import { Button } from "../../components/ui/button";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import { CommandError } from "./CommandError";
import { ConfirmButton } from "./ConfirmButton";
import { cellText, inPlay, objectState } from "./model";
import { SidePanel } from "./SidePanel";
import { useCommand } from "./useCommand";

type HiddenThing = {
  kind: "entity" | "object";
  id: string;
  name: string;
  what: string;
  /** Only hiding (the Hide action): in the players' view already. */
  hiding: boolean;
  /** The cell, for things that share a name (two Goblin Archers). */
  place?: string;
};

/** The thing's name, with its cell when another shares the name. */
const called = (t: { name: string; place?: string }): string =>
  t.place ? `${t.name} at ${t.place}` : t.name;

/**
 * In the DM's view: creatures hidden from the players (ambushers, a listening NPC), creatures
 * hiding (the Hide action: in the players' view, but unseen in the rules), then hidden map objects.
 */
function hiddenThings(view: ViewState): HiddenThing[] {
  const out: HiddenThing[] = [];
  for (const e of Object.values(view.entities)) {
    const hiding = e.conditions.some((c) => c.name === "hidden");
    if (e.hidden || hiding)
      out.push({
        kind: "entity",
        id: e.id,
        name: e.name,
        // the Hide action's creature is on the players' table; hiding gives it advantage on attacks
        what: e.hidden ? "creature" : "hiding: in view, attacks with advantage",
        hiding: !e.hidden,
      });
  }
  for (const o of Object.values(view.map.objects))
    if (o.hidden)
      out.push({
        kind: "object",
        id: o.id,
        name: o.name,
        what: `${o.kind}, ${objectState(o)}`,
        hiding: false,
      });
  return toldApart(out, view);
}

export type HideableThing = Omit<HiddenThing, "hiding">;

/**
 * In the DM's view: what the players can see and the DM may hide from them (the engine's
 * `hide`): creatures other than player characters (defeated or hiding ones too), then map objects.
 */
export function hideableThings(view: ViewState): HideableThing[] {
  const out: HideableThing[] = [];
  for (const e of Object.values(view.entities))
    if (e.kind !== "pc" && !e.hidden) {
      const hiding = e.conditions.some((c) => c.name === "hidden");
      const what = ["creature", e.defeated && "defeated", hiding && "hiding"].filter(Boolean).join(", ");
      out.push({ kind: "entity", id: e.id, name: e.name, what });
    }
  for (const o of Object.values(view.map.objects))
    if (!o.hidden) out.push({ kind: "object", id: o.id, name: o.name, what: `${o.kind}, ${objectState(o)}` });
  return toldApart(out, view);
}

/**
 * Things that share a name with anything on the map (two Goblin Archers, one of them hidden) are
 * told apart by their cell, in both lists alike.
 */
function toldApart<T extends HideableThing>(list: T[], view: ViewState): T[] {
  const count = new Map<string, number>();
  for (const x of [...Object.values(view.entities), ...Object.values(view.map.objects)])
    count.set(x.name, (count.get(x.name) ?? 0) + 1);
  return list.map((t) => {
    if (count.get(t.name) === 1) return t;
    const at = t.kind === "entity" ? view.entities[t.id]?.position : view.map.objects[t.id]?.position;
    return at ? { ...t, place: cellText(at) } : t;
  });
}

/**
 * The DM's (or a test's admin's) list of hidden creatures and objects, each with a Reveal
 * button (the engine's `reveal`): the players get it on their table and can target or use it.
 * Revealing asks first: it spoils an ambush or a secret at once. Under the list, a picker hides
 * something the players see (the engine's `hide`), without asking: Reveal undoes it. Shown while
 * the interaction is open (in the lobby or in play) and there is something to reveal or hide.
 */
export function RevealHidden({ view }: { view: ViewState }) {
  const things = hiddenThings(view);
  const hideable = hideableThings(view);
  if (things.length + hideable.length === 0 || !(view.status === "lobby" || inPlay(view))) return null;
  return (
    <SidePanel icon={Eye} heading="Hidden or hiding">
      {things.length > 0 && (
        <ul className="grid gap-2">
          {things.map((t) => (
            <li key={`${t.kind}:${t.id}`} className="flex flex-wrap items-center justify-between gap-2">
              <span>
                {called(t)} <span className="text-muted-foreground">({t.what})</span>
              </span>
              <RevealButton thing={t} />
            </li>
          ))}
        </ul>
      )}
      {/* kept with nothing left to hide: the keyboard stays on its select after the last hide */}
      <HidePicker things={hideable} />
    </SidePanel>
  );
}

function RevealButton({ thing: t }: { thing: HiddenThing }) {
  const cmd = useCommand();
  const errId = useId();
  return (
    <>
      <ConfirmButton
        size="sm"
        disabled={cmd.disabled}
        aria-describedby={cmd.error ? errId : undefined}
        title={`Reveal ${called(t)} to the players?`}
        description={
          t.hiding
            ? `${t.name} stops hiding: attacks lose the advantage it gave. Only rolling back to an earlier turn undoes it.`
            : `The players see ${t.name} on their table at once and can target or use it. You can hide it from them again from this panel.`
        }
        confirmLabel="Reveal"
        onConfirm={() =>
          cmd.run((api, interactionId) => api.reveal.mutate({ interactionId, id: t.id, of: t.kind }))
        }
      >
        Reveal <span className="sr-only">{called(t)}</span>
      </ConfirmButton>
      <CommandError id={errId} error={cmd.error} className="w-full" />
    </>
  );
}

/** Picks something the players see and hides it from them (no confirmation: Reveal undoes it). */
function HidePicker({ things }: { things: HideableThing[] }) {
  const cmd = useCommand();
  const selectId = useId();
  const errId = useId();
  const select = useRef<HTMLSelectElement>(null);
  const [picked, setPicked] = useState("");
  const thing = things.find((t) => `${t.kind}:${t.id}` === picked);
  // gone from the list (hidden meanwhile, e.g. by a rollback): nothing stays chosen, not even if it comes back
  if (picked && !thing) setPicked("");
  const hide = async (t: HideableThing) => {
    const ok = await cmd.run((api, interactionId) =>
      api.hide.mutate({ interactionId, id: t.id, of: t.kind }),
    );
    if (ok) {
      setPicked("");
      select.current?.focus(); // the button is disabled until the next choice
    }
  };
  return (
    <div className="flex flex-wrap items-end gap-2 border-t pt-2">
      <div className="grid min-w-0 flex-1 gap-1">
        <Label htmlFor={selectId}>Hide from the players</Label>
        <NativeSelect
          ref={select}
          id={selectId}
          value={picked}
          onChange={(e) => {
            setPicked(e.target.value);
            cmd.clearError();
          }}
        >
          <option value="">
            {things.length > 0 ? "Choose what to hide…" : "Nothing in the players' view to hide"}
          </option>
          {things.map((t) => (
            <option key={`${t.kind}:${t.id}`} value={`${t.kind}:${t.id}`}>
              {called(t)} ({t.what})
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button
        variant="outline"
        disabled={cmd.disabled || !thing}
        aria-describedby={cmd.error ? errId : undefined}
        onClick={() => thing && void hide(thing)}
      >
        <EyeOff aria-hidden /> Hide {thing && <span className="sr-only">{called(thing)}</span>}
      </Button>
      <CommandError id={errId} error={cmd.error} className="w-full" />
    </div>
  );
}
