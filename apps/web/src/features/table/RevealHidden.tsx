import type { ViewState } from "@roundtable/live/engine";
import { Eye } from "lucide-react";
import { useId } from "react";
import { CommandError } from "./CommandError";
import { ConfirmButton } from "./ConfirmButton";
import { inPlay, objectState } from "./model";
import { useCommand } from "./useCommand";

export type HiddenThing = {
  kind: "entity" | "object";
  id: string;
  name: string;
  what: string;
  /** Only hiding (the Hide action): in the players' view already. */
  hiding: boolean;
};

/**
 * In the DM's view: creatures hidden from the players (ambushers, a listening NPC), creatures
 * hiding (the Hide action: in the players' view, but unseen in the rules), then hidden map objects.
 */
export function hiddenThings(view: ViewState): HiddenThing[] {
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
  return out;
}

/**
 * The DM's (or a test's admin's) list of hidden creatures and objects, each with a Reveal
 * button (the engine's `reveal`): the players get it on their table and can target or use it.
 * Revealing asks first: it spoils an ambush or a secret at once, and only a rollback (in play)
 * hides it again. Shown while the interaction is open (in the lobby or in play).
 */
export function RevealHidden({ view }: { view: ViewState }) {
  const headingId = useId();
  const things = hiddenThings(view);
  if (things.length === 0 || !(view.status === "lobby" || inPlay(view))) return null;
  return (
    <section aria-labelledby={headingId} className="grid gap-2 rounded-md border p-3 text-sm">
      <h3 id={headingId} className="flex items-center gap-1 font-semibold">
        <Eye className="size-4" aria-hidden /> Hidden or hiding
      </h3>
      <ul className="grid gap-2">
        {things.map((t) => (
          <li key={`${t.kind}:${t.id}`} className="flex flex-wrap items-center justify-between gap-2">
            <span>
              {t.name} <span className="text-muted-foreground">({t.what})</span>
            </span>
            <RevealButton thing={t} />
          </li>
        ))}
      </ul>
    </section>
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
        title={`Reveal ${t.name} to the players?`}
        description={
          t.hiding
            ? `${t.name} stops hiding: attacks lose the advantage it gave. Only rolling back to an earlier turn undoes it.`
            : `The players see ${t.name} on their table at once and can target or use it. Only rolling back to an earlier turn hides it again.`
        }
        confirmLabel="Reveal"
        onConfirm={() =>
          cmd.run((api, interactionId) => api.reveal.mutate({ interactionId, id: t.id, of: t.kind }))
        }
      >
        Reveal <span className="sr-only">{t.name}</span>
      </ConfirmButton>
      <CommandError id={errId} error={cmd.error} className="w-full" />
    </>
  );
}
