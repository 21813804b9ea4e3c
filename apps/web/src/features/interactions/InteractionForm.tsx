import type { GameMap, InteractionKind, Position } from "@roundtable/live/engine";
import { produce } from "immer";
import { useEffect, useMemo, useState } from "react";
import { Button } from "../../components/ui/button";
import { CheckboxField, errorProps, Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { NativeSelect } from "../../components/ui/native-select";
import { useFormSubmit } from "../../lib/use-form-submit";
import { FormAlert, keyWords, ShowsErrors, useFormAlert } from "../forms/FormAlert";
import { emptyDraft, validateDraft, type Candidate, type InteractionDraft } from "./draft";
import { MapEditor } from "./MapEditor";
import type { MapToken } from "./MapGrid";
import { objectKindLabels } from "./map-model";
import { ParticipantsEditor } from "./ParticipantsEditor";

export const interactionKindLabels: Record<InteractionKind, string> = {
  combat: "Combat",
  social: "Social",
  puzzle: "Puzzle",
};

export type InteractionFormProps = {
  initial?: InteractionDraft;
  candidates: Candidate[];
  submitLabel: string;
  /** Admins may mark an interaction as a test (bots play seats). */
  allowTest?: boolean;
  /** Rejects with the server's error to keep the form; the caller shows the toast. */
  onSubmit: (draft: InteractionDraft) => Promise<void>;
  onCancel?: () => void;
  /** Told whether there are unsaved edits (the page holds "Go live" until they are saved). */
  onDirtyChange?: (dirty: boolean) => void;
};

// rules about the seats, the map or its objects as a whole, which no one field shows
const formLevel = {
  participants: "Participants",
  map: "Map",
  "map.blocked": "Blocked cells",
  "map.difficult": "Difficult terrain",
  "map.objects": "Map objects",
};

/**
 * What an error key is about, as the form names it (an object by its legend, "Chest at 10, 6";
 * a seat by its character), for the alert listing what no field shows (e.g. an object left
 * outside the map, beside no control).
 */
function about(key: string, draft: InteractionDraft, names: ReadonlyMap<string, string>): string | undefined {
  const object = /^map\.objects\.(\d+)(?:\.(.+))?$/.exec(key);
  if (object) {
    const o = draft.map.objects[Number(object[1])];
    if (!o) return undefined;
    const legend = `${objectKindLabels[o.kind]} at ${o.position.x}, ${o.position.y}`;
    const field = object[2];
    return field && field !== "position" ? `${legend}, ${keyWords(field)}` : legend;
  }
  const seat = /^participants\.(\d+)(?:\.(.+))?$/.exec(key);
  if (seat) {
    const p = draft.participants[Number(seat[1])];
    if (!p) return undefined;
    const name = names.get(p.characterId) ?? "Participant";
    return seat[2] ? `${name}, ${keyWords(seat[2])}` : name;
  }
  return undefined;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

export function InteractionForm({
  initial,
  candidates,
  submitLabel,
  allowTest = false,
  onSubmit,
  onCancel,
  onDirtyChange,
}: InteractionFormProps) {
  const [draft, setDraft] = useState<InteractionDraft>(() => initial ?? emptyDraft());
  // Edits replace the draft object (immer), so "unsaved" is "not the one last saved".
  const [saved, setSaved] = useState(draft);
  const dirty = draft !== saved;
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  const allErrors = useMemo(() => validateDraft(draft, candidates), [draft, candidates]);
  const formAlert = useFormAlert();
  const {
    errors,
    errorCount,
    submitting,
    onSubmit: submit,
  } = useFormSubmit(allErrors, async () => {
    await formAlert.save(() => onSubmit(draft));
    setSaved(draft);
  });
  const update = (recipe: (d: InteractionDraft) => void) => setDraft((d) => produce(d, recipe));

  const names = new Map(candidates.map((c) => [c.characterId as string, c.name]));
  const tokens: MapToken[] = draft.participants.map((p) => {
    const name = names.get(p.characterId) ?? "Unknown";
    return { key: p.key, name, short: initials(name), side: p.side, position: p.position };
  });

  return (
    <form
      noValidate
      onSubmit={formAlert.onSubmit(submit, Object.keys(allErrors).length > 0)}
      className="grid gap-6"
      aria-label="Interaction"
    >
      <ShowsErrors alert={formAlert}>
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="mb-2 text-lg font-semibold">Basics</legend>
          <Field label="Name" {...errorProps(errors, "name")}>
            {(p) => (
              <Input
                {...p}
                value={draft.name}
                autoComplete="off"
                onChange={(e) => update((d) => void (d.name = e.target.value))}
              />
            )}
          </Field>
          <Field label="Kind" {...errorProps(errors, "kind")}>
            {(p) => (
              <NativeSelect
                {...p}
                value={draft.kind}
                onChange={(e) => update((d) => void (d.kind = e.target.value as InteractionKind))}
              >
                {Object.entries(interactionKindLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </NativeSelect>
            )}
          </Field>
          {allowTest && (
            <CheckboxField
              label="Test interaction (admins may play every seat)"
              hint="No bots play it: an admin acts for the DM and every character by hand. Bots play only the built-in scenarios on the Test mode page."
              checked={draft.isTest}
              onCheckedChange={(c) => update((d) => void (d.isTest = c === true))}
            />
          )}
        </fieldset>

        <ParticipantsEditor draft={draft} candidates={candidates} errors={errors} update={update} />

        <MapEditor
          map={draft.map}
          tokens={tokens}
          errors={errors}
          onMapChange={(recipe: (m: GameMap) => GameMap) => setDraft((d) => ({ ...d, map: recipe(d.map) }))}
          onPlace={(key: string, position: Position) =>
            update((d) => {
              const seat = d.participants.find((p) => p.key === key);
              if (seat) seat.position = position;
            })
          }
        />
      </ShowsErrors>

      <FormAlert
        alert={formAlert}
        errors={errors}
        formLevel={formLevel}
        describe={(key) => about(key, draft, names)}
      />
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
