import type { Side } from "@roundtable/live/engine";
import { Plus } from "lucide-react";
import { useId, useRef, useState, type RefObject } from "react";
import { NumberInput, required } from "../../components/NumberInput";
import { RemoveRowButton } from "../../components/RemoveRowButton";
import { Button } from "../../components/ui/button";
import { CheckboxField, errorProps, Field, FieldError } from "../../components/ui/field";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import type { FieldErrors } from "../../lib/form-errors";
import { newId } from "../../lib/form-errors";
import { kindLabels } from "../characters/labels";
import { defaultSide, type Candidate, type InteractionDraft, type ParticipantDraft } from "./draft";
import { firstFreeCell } from "./map-model";

export const sideLabels: Record<Side, string> = { party: "Party", enemy: "Enemy", neutral: "Neutral" };

type Update = (recipe: (d: InteractionDraft) => void) => void;

export function ParticipantsEditor({
  draft,
  candidates,
  errors,
  update,
}: {
  draft: InteractionDraft;
  candidates: Candidate[];
  errors: FieldErrors;
  update: Update;
}) {
  const pickerId = useId();
  const [picked, setPicked] = useState("");
  const byId = new Map(candidates.map((c) => [c.characterId as string, c]));
  const groups = [...new Set(candidates.map((c) => c.group))];
  const seatedPcs = new Set(draft.participants.map((p) => p.characterId as string));
  const [notice, setNotice] = useState("");
  // Where focus goes when the last participant is removed: Add participant is disabled until one is picked.
  const legend = useRef<HTMLLegendElement>(null);

  function add() {
    const candidate = byId.get(picked);
    if (!candidate) return;
    const position = firstFreeCell(
      draft.map,
      draft.participants.map((p) => p.position),
    );
    if (!position) {
      setNotice("The map is full: make it bigger or clear some cells first.");
      return;
    }
    setNotice(`${candidate.name} added at ${position.x}, ${position.y}.`);
    update(
      (d) =>
        void d.participants.push({
          key: newId("seat"),
          characterId: candidate.characterId,
          side: defaultSide[candidate.kind],
          position,
        }),
    );
    setPicked("");
  }

  return (
    <fieldset className="grid gap-3">
      <legend ref={legend} tabIndex={-1} className="mb-2 text-lg font-semibold">
        Participants
      </legend>
      {candidates.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No characters to seat yet. Create NPCs or monsters on the Characters page, or ask your players to
          create their characters.
        </p>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <div className="grid min-w-56 flex-1 gap-1.5 sm:flex-none">
            <Label htmlFor={pickerId}>Character to add</Label>
            <NativeSelect id={pickerId} value={picked} onChange={(e) => setPicked(e.target.value)}>
              <option value="">Choose a character…</option>
              {groups.map((g) => (
                <optgroup key={g} label={g}>
                  {candidates
                    .filter((c) => c.group === g)
                    .map((c) => (
                      <option
                        key={c.characterId}
                        value={c.characterId}
                        disabled={c.kind === "pc" && seatedPcs.has(c.characterId)}
                      >
                        {c.name} ({kindLabels[c.kind]})
                      </option>
                    ))}
                </optgroup>
              ))}
            </NativeSelect>
          </div>
          <Button variant="outline" onClick={add} disabled={picked === ""}>
            <Plus aria-hidden />
            Add participant
          </Button>
        </div>
      )}
      <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
        {notice}
      </p>
      {errors.participants && <p className="text-sm font-medium text-destructive">{errors.participants}</p>}
      {draft.participants.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nobody seated yet.</p>
      ) : (
        <ol className="grid gap-3">
          {draft.participants.map((p, i) => (
            <li key={p.key}>
              <ParticipantRow
                participant={p}
                index={i}
                name={byId.get(p.characterId)?.name ?? "Unknown character"}
                kind={byId.get(p.characterId)?.kind}
                errors={errors}
                update={update}
                whenEmpty={legend}
              />
            </li>
          ))}
        </ol>
      )}
    </fieldset>
  );
}

function ParticipantRow({
  participant: p,
  index,
  name,
  kind,
  errors,
  update,
  whenEmpty,
}: {
  participant: ParticipantDraft;
  index: number;
  name: string;
  /** Unknown for a character no longer offered. */
  kind: Candidate["kind"] | undefined;
  errors: FieldErrors;
  update: Update;
  whenEmpty: RefObject<HTMLElement | null>;
}) {
  // Hidden's error is shown in a row of its own, under the row's cells.
  const hiddenErrorId = useId();
  // Set on a PC (an older draft), Hidden then stays for as long as this row: had it gone as it
  // was unticked, keyboard focus would fall to the page; ticking it again is an undo.
  const [keepHidden] = useState(p.hidden === true);
  const edit = (recipe: (p: ParticipantDraft) => void) =>
    update((d) => {
      const seat = d.participants[index];
      if (seat) recipe(seat);
    });
  const position = errorProps(errors, `participants.${index}.position`);
  const hidden = errorProps(errors, `participants.${index}.hidden`);
  return (
    <fieldset className="grid grid-cols-2 gap-3 rounded-md border p-3 sm:grid-cols-5 sm:items-end">
      <legend className="px-1 text-sm font-medium">{name}</legend>
      <Field label="Side" className="col-span-2 sm:col-span-1">
        {(props) => (
          <NativeSelect
            {...props}
            value={p.side}
            onChange={(e) => edit((s) => void (s.side = e.target.value as Side))}
          >
            {Object.entries(sideLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        )}
      </Field>
      <Field label="Column (x)" {...position}>
        {(props) => (
          <NumberInput
            {...props}
            value={p.position.x}
            onValueChange={(v) => edit((s) => void (s.position.x = required(v)))}
          />
        )}
      </Field>
      <Field label="Row (y)">
        {(props) => (
          <NumberInput
            {...props}
            value={p.position.y}
            onValueChange={(v) => edit((s) => void (s.position.y = required(v)))}
          />
        )}
      </Field>
      {/* Players never see a hidden creature, its owner included, so a PC is never offered
          Hidden; it shows only if it was set (an older draft) to untick. */}
      {(kind !== "pc" || p.hidden || keepHidden) && (
        <CheckboxField
          label="Hidden"
          className="pb-2"
          error={hidden.error}
          errorId={hiddenErrorId}
          checked={p.hidden === true}
          onCheckedChange={(c) => edit((s) => void (s.hidden = c === true))}
        />
      )}
      <RemoveRowButton
        label={`Remove ${name}`}
        className="justify-self-start"
        whenEmpty={whenEmpty}
        onRemove={() => update((d) => void d.participants.splice(index, 1))}
      />
      <FieldError id={hiddenErrorId} {...hidden} className="col-span-2 sm:col-span-5" />
    </fieldset>
  );
}
