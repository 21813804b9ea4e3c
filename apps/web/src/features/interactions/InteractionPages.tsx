import { useMutation, useQuery } from "convex/react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../../../../convex/_generated/api";
import { useUser } from "../../auth";
import type { Id } from "../../../../../convex/_generated/dataModel";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { PageHeader } from "../../components/PageHeader";
import { LoadingState } from "../../components/states";
import { Button } from "../../components/ui/button";
import { UnsavedChangesDialog, useUnsavedChangesGuard } from "../../components/UnsavedChangesGuard";
import { toastError, toastSuccess } from "../../lib/toast";
import { GoLiveButton } from "../live/GoLiveButton";
import { toMutationArgs, type Candidate, type InteractionDraft } from "./draft";
import { InteractionForm } from "./InteractionForm";
import { InteractionSummary } from "./InteractionSummary";
import { StatusBadge } from "./StatusBadge";
import { useCandidates } from "./useCandidates";

export function InteractionNewPage() {
  const user = useUser();
  const candidates = useCandidates();
  const create = useMutation(api.interactions.create);
  const navigate = useNavigate();
  const [dirty, setDirty] = useState(false);
  const { blocker, allowLeave } = useUnsavedChangesGuard(dirty);
  if (candidates === undefined) return <LoadingState label="Loading characters" />;
  return (
    <>
      <PageHeader
        title="New interaction"
        description="Saved as a draft; take it live when the table is ready."
      />
      <UnsavedChangesDialog blocker={blocker} what="this interaction" />
      <InteractionForm
        candidates={candidates}
        onDirtyChange={setDirty}
        allowTest={user.role === "admin"}
        submitLabel="Create interaction"
        onCancel={() => void navigate("/interactions")}
        onSubmit={async (draft) => {
          let id: Id<"interactions">;
          try {
            id = await create(toMutationArgs(draft, { admin: user.role === "admin" }));
          } catch (error) {
            toastError("Could not create the interaction", error);
            throw error;
          }
          toastSuccess(`${draft.name} created`);
          allowLeave();
          void navigate(`/interactions/${id}`);
        }}
      />
    </>
  );
}

type InteractionView = NonNullable<ReturnType<typeof useQuery<typeof api.interactions.get>>>;

export function InteractionEditPage() {
  const { interactionId } = useParams();
  const id = interactionId as Id<"interactions">;
  const interaction = useQuery(api.interactions.get, { id });
  if (interaction === undefined) return <LoadingState label="Loading interaction" />;
  if (interaction === null) {
    return (
      <PageHeader
        title="Interaction not found"
        description="It may have been deleted."
        actions={
          <Button asChild variant="outline">
            <Link to="/interactions">Back to interactions</Link>
          </Button>
        }
      />
    );
  }
  return interaction.status === "draft" ? (
    <DraftEditor interaction={interaction} />
  ) : (
    <InteractionSummary interaction={interaction} />
  );
}

function toDraft(i: InteractionView): InteractionDraft {
  return {
    name: i.name,
    kind: i.kind,
    map: i.map,
    isTest: i.isTest,
    participants: i.participants.map((p) => ({
      key: p.entityId,
      entityId: p.entityId,
      characterId: p.characterId,
      side: p.side,
      position: p.position,
      ...(p.hidden === undefined ? {} : { hidden: p.hidden }),
    })),
  };
}

function DraftEditor({ interaction }: { interaction: InteractionView }) {
  const user = useUser();
  const [dirty, setDirty] = useState(false);
  const loaded = useCandidates();
  const update = useMutation(api.interactions.update);
  const remove = useMutation(api.interactions.remove);
  const navigate = useNavigate();
  const { blocker, allowLeave } = useUnsavedChangesGuard(dirty);
  if (loaded === undefined) return <LoadingState label="Loading characters" />;
  // Seated characters stay nameable even if they are no longer offered (e.g. another DM's list).
  const seated: Candidate[] = interaction.participants.flatMap((p) =>
    p.character && !loaded.some((c) => c.characterId === p.characterId)
      ? [
          {
            characterId: p.characterId,
            name: p.character.name,
            kind: p.character.kind,
            group: "Already seated",
          },
        ]
      : [],
  );
  return (
    <>
      <PageHeader
        title={`Edit ${interaction.name}`}
        description={<StatusBadge status={interaction.status} />}
        actions={
          <>
            <GoLiveButton
              interactionId={interaction._id}
              name={interaction.name}
              blockedReason={dirty ? "Save your changes first" : undefined}
            />
            <ConfirmDelete
              name={interaction.name}
              what="draft interaction"
              onConfirm={async () => {
                try {
                  await remove({ id: interaction._id });
                } catch (error) {
                  toastError(`Could not delete ${interaction.name}`, error);
                  return;
                }
                toastSuccess(`${interaction.name} deleted`);
                allowLeave();
                void navigate("/interactions");
              }}
            />
          </>
        }
      />
      <UnsavedChangesDialog blocker={blocker} what={interaction.name} />
      <InteractionForm
        key={interaction._id}
        initial={toDraft(interaction)}
        candidates={[...loaded, ...seated]}
        allowTest={user.role === "admin"}
        onDirtyChange={setDirty}
        submitLabel="Save changes"
        onCancel={() => void navigate("/interactions")}
        onSubmit={async (draft) => {
          try {
            await update({ id: interaction._id, ...toMutationArgs(draft, { admin: user.role === "admin" }) });
          } catch (error) {
            toastError("Could not save the interaction", error);
            throw error;
          }
          toastSuccess(`${draft.name} saved`);
        }}
      />
    </>
  );
}
