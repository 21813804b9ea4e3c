import type { CharacterSheet } from "@roundtable/live/engine";
import { useMutation, useQuery } from "convex/react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../../../../convex/_generated/api";
import type { Id } from "../../../../../convex/_generated/dataModel";
import { PageHeader } from "../../components/PageHeader";
import { LoadingState } from "../../components/states";
import { Button } from "../../components/ui/button";
import { UnsavedChangesDialog, useUnsavedChangesGuard } from "../../components/UnsavedChangesGuard";
import { toastError, toastSuccess } from "../../lib/toast";
import { CharacterForm } from "./CharacterForm";

const allKinds: CharacterSheet["kind"][] = ["pc", "npc", "monster"];

/** The sheet Convex stores: the engine's sheet without its owner (the server knows who you are). */
function toInput(sheet: CharacterSheet) {
  const { ownerUserId: _owner, ...input } = sheet;
  return input;
}

export function CharacterNewPage() {
  const create = useMutation(api.characters.create);
  const navigate = useNavigate();
  const [dirty, setDirty] = useState(false);
  const { blocker, allowLeave } = useUnsavedChangesGuard(dirty);
  return (
    <>
      <PageHeader title="New character" />
      <UnsavedChangesDialog blocker={blocker} what="this character" />
      <CharacterForm
        kinds={allKinds}
        onDirtyChange={setDirty}
        submitLabel="Create character"
        onCancel={() => void navigate("/characters")}
        onSubmit={async (sheet) => {
          try {
            await create({ sheet: toInput(sheet) });
          } catch (error) {
            toastError("Could not create the character", error);
            throw error;
          }
          toastSuccess(`${sheet.name} created`);
          allowLeave();
          void navigate("/characters");
        }}
      />
    </>
  );
}

export function CharacterEditPage() {
  const { characterId } = useParams();
  const id = characterId as Id<"characters">;
  const character = useQuery(api.characters.get, { id });
  const update = useMutation(api.characters.update);
  const navigate = useNavigate();
  const [dirty, setDirty] = useState(false);
  const { blocker, allowLeave } = useUnsavedChangesGuard(dirty);

  if (character === undefined) return <LoadingState label="Loading character" />;
  if (character === null) {
    return (
      <PageHeader
        title="Character not found"
        description="It may have been deleted."
        actions={
          <Button asChild variant="outline">
            <Link to="/characters">Back to characters</Link>
          </Button>
        }
      />
    );
  }
  const { _id, ownerId: _ownerId, updatedAt: _updatedAt, ...sheet } = character;
  return (
    <>
      <PageHeader title={`Edit ${character.name}`} />
      <UnsavedChangesDialog blocker={blocker} what={character.name} />
      <CharacterForm
        key={_id}
        onDirtyChange={setDirty}
        initial={sheet}
        kinds={[sheet.kind]}
        submitLabel="Save changes"
        onCancel={() => void navigate("/characters")}
        onSubmit={async (next) => {
          try {
            await update({ id: _id, sheet: toInput(next) });
          } catch (error) {
            toastError("Could not save the character", error);
            throw error;
          }
          toastSuccess(`${next.name} saved`);
          allowLeave();
          void navigate("/characters");
        }}
      />
    </>
  );
}
