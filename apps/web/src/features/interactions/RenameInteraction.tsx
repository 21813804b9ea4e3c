import { Name } from "@roundtable/live/engine";
import { useMutation } from "convex/react";
import { Pencil } from "lucide-react";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api } from "../../../../../convex/_generated/api";
import type { Id } from "../../../../../convex/_generated/dataModel";
import { Button } from "../../components/ui/button";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { issueMessage } from "../../lib/form-errors";
import { toastError, toastSuccess } from "../../lib/toast";

/** Renames an interaction in any status (only the name may change once it has been live). */
export function RenameInteraction({ id, name }: { id: Id<"interactions">; name: string }) {
  const [editing, setEditing] = useState(false);
  const renameButton = useCallback(
    (button: HTMLButtonElement | null) => {
      if (button && refocusRename.delete(id)) button.focus();
      return () => {
        // Replaced while focused (a new name remounts this): the new button, mounted in the same
        // commit, takes focus over. Gone for good (the page left): the mark goes with it.
        if (document.activeElement !== button) return;
        refocusRename.add(id);
        setTimeout(() => refocusRename.delete(id), 0);
      };
    },
    [id],
  );
  if (!editing) {
    return (
      <Button
        ref={renameButton}
        variant="outline"
        onClick={() => setEditing(true)}
        aria-label={`Rename ${name}`}
      >
        <Pencil aria-hidden />
        Rename
      </Button>
    );
  }
  return <RenameForm id={id} name={name} onDone={() => setEditing(false)} />;
}

/**
 * Interactions whose Rename button takes focus when it next shows, so closing the form does not
 * drop focus to the page. Kept outside the component: InteractionSummary keys it by name, so a
 * new name remounts it, perhaps before the save resolves.
 */
const refocusRename = new Set<Id<"interactions">>();

function RenameForm({ id, name, onDone }: { id: Id<"interactions">; name: string; onDone: () => void }) {
  const update = useMutation(api.interactions.update);
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  // Opening the form took away a focused Rename button, which marked it; how the form closes decides.
  useEffect(() => void refocusRename.delete(id), [id]);
  const close = () => {
    refocusRename.add(id);
    onDone();
  };

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const next = value.trim();
    const parsed = Name.safeParse(next);
    if (!parsed.success) {
      setError(parsed.error.issues[0] ? issueMessage(parsed.error.issues[0]) : "Invalid name");
      return;
    }
    if (next === name) {
      close();
      return;
    }
    setSaving(true);
    // Marked before the save: the new name may remount the component before it resolves.
    refocusRename.add(id);
    try {
      await update({ id, name: next });
    } catch (err) {
      refocusRename.delete(id);
      // Keep what was typed so the DM can retry.
      toastError(`Could not rename ${name}`, err);
      setSaving(false);
      return;
    }
    toastSuccess(`Renamed to ${next}`);
    onDone();
  }

  return (
    <form
      noValidate
      aria-label={`Rename ${name}`}
      onSubmit={(e) => void submit(e)}
      className="flex flex-wrap items-end gap-2"
    >
      <Field label="New name" error={error} className="min-w-56">
        {(p) => (
          <Input
            {...p}
            autoFocus
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setError(undefined);
            }}
          />
        )}
      </Field>
      <Button type="submit" disabled={saving}>
        Save name
      </Button>
      <Button variant="ghost" onClick={close} disabled={saving}>
        Cancel
      </Button>
    </form>
  );
}
