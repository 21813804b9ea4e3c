import { useMutation, useQuery } from "convex/react";
import { Heart, Plus, Shield, Zap } from "lucide-react";
import { useRef, useState, type RefObject } from "react";
import { Link } from "react-router";
import { api } from "../../../../../convex/_generated/api";
import type { Doc } from "../../../../../convex/_generated/dataModel";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, LoadingState } from "../../components/states";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "../../components/ui/card";
import { inRow, neighbourRow, useFocusOnRemoval } from "../../lib/row-focus";
import { toastError, toastSuccess } from "../../lib/toast";
import { kindLabels } from "./labels";

type CharacterKind = Doc<"characters">["kind"];
const kindOrder: CharacterKind[] = ["pc", "npc", "monster"];
const sectionTitles: Record<CharacterKind, string> = {
  pc: "Player characters",
  npc: "NPCs",
  monster: "Monsters",
};

export function CharactersPage() {
  const characters = useQuery(api.characters.listMine, {});
  const remove = useMutation(api.characters.remove);
  const seats = useQuery(api.interactions.withdrawableForMe, {});

  const newButton = (
    <Button asChild>
      <Link to="/characters/new">
        <Plus aria-hidden />
        New character
      </Link>
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Characters"
        description="Your player characters, and the NPCs and monsters you keep as a DM."
        actions={newButton}
      />
      {characters === undefined ? (
        <LoadingState label="Loading characters" />
      ) : characters.length === 0 ? (
        <EmptyState
          title="No characters yet"
          description="Create your first character to bring to the table."
          action={newButton}
        />
      ) : (
        kindOrder.map((kind) => {
          const group = characters.filter((c) => c.kind === kind);
          if (group.length === 0) return null;
          return (
            <section key={kind} aria-labelledby={`chars-${kind}`} className="mb-6">
              <h2 id={`chars-${kind}`} className="mb-3 text-lg font-semibold">
                {sectionTitles[kind]}
              </h2>
              <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                {group.map((c) => (
                  <li key={c._id}>
                    <CharacterCard
                      character={c}
                      drafts={seats?.filter((s) => s.characterId === c._id) ?? []}
                      onDelete={async () => {
                        try {
                          await remove({ id: c._id });
                          toastSuccess(`${c.name} deleted`);
                        } catch (error) {
                          toastError(`Could not delete ${c.name}`, error);
                        }
                      }}
                    />
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
    </>
  );
}

type CharacterView = NonNullable<ReturnType<typeof useQuery<typeof api.characters.listMine>>>[number];
type DraftSeat = NonNullable<ReturnType<typeof useQuery<typeof api.interactions.withdrawableForMe>>>[number];

function CharacterCard({
  character: c,
  drafts,
  onDelete,
}: {
  character: CharacterView;
  drafts: DraftSeat[];
  onDelete: () => Promise<void>;
}) {
  // Where focus goes when the last draft row is withdrawn.
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <Card className="flex h-full flex-col">
      <CardHeader>
        <div className="flex items-start justify-between gap-2">
          <CardTitle asChild>
            <h3 ref={heading} tabIndex={-1}>
              {c.name}
            </h3>
          </CardTitle>
          <Badge variant="outline">{kindLabels[c.kind]}</Badge>
        </div>
        <p className="text-sm text-muted-foreground">Level {c.level}</p>
      </CardHeader>
      <CardContent className="flex-1">
        <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <div className="flex items-center gap-1">
            <Heart className="size-4" aria-hidden />
            <dt className="sr-only">Max HP</dt>
            <dd>{c.maxHp} HP</dd>
          </div>
          <div className="flex items-center gap-1">
            <Shield className="size-4" aria-hidden />
            <dt className="sr-only">Armor class</dt>
            <dd>AC {c.ac}</dd>
          </div>
          <div className="flex items-center gap-1">
            <Zap className="size-4" aria-hidden />
            <dt className="sr-only">Actions</dt>
            <dd>
              {c.actions.length} {c.actions.length === 1 ? "action" : "actions"}, {c.inventory.length}{" "}
              {c.inventory.length === 1 ? "item" : "items"}
            </dd>
          </div>
        </dl>
        {drafts.length > 0 && (
          <ul aria-label={`Drafts seating ${c.name}`} className="mt-3 grid gap-1 text-sm">
            {drafts.map((d) => (
              <DraftSeatRow key={d.interactionId} seat={d} whenLast={heading} />
            ))}
          </ul>
        )}
      </CardContent>
      <CardFooter className="justify-between">
        <Button asChild variant="outline" size="sm">
          <Link to={`/characters/${c._id}`} aria-label={`Edit ${c.name}`}>
            Edit
          </Link>
        </Button>
        <ConfirmDelete name={c.name} what="character" onConfirm={onDelete} />
      </CardFooter>
    </Card>
  );
}

/**
 * One of someone else's drafts this character is seated in (any DM may seat anyone's PC), with
 * a way out of it; the server refuses once the game is live.
 */
function DraftSeatRow({ seat: d, whenLast }: { seat: DraftSeat; whenLast: RefObject<HTMLElement | null> }) {
  const withdraw = useMutation(api.interactions.withdrawCharacter);
  const [pending, setPending] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // The row goes once the server has it; focus moves on to the next row's Withdraw.
  useFocusOnRemoval(button, (el) => [inRow(neighbourRow(el), "button"), whenLast.current]);
  const run = async () => {
    if (pending) return;
    setPending(true);
    try {
      await withdraw({ interactionId: d.interactionId, characterId: d.characterId });
      toastSuccess(`${d.characterName} withdrawn from ${d.name}`);
    } catch (error) {
      toastError(`Could not withdraw ${d.characterName} from ${d.name}`, error);
    } finally {
      setPending(false);
    }
  };
  return (
    <li className="flex items-center justify-between gap-2">
      <span className="text-muted-foreground">
        In {d.name} (draft, DM {d.dmName || "unknown"})
      </span>
      {/* Not `disabled` while pending: that would drop keyboard focus. */}
      <Button
        ref={button}
        variant="outline"
        size="sm"
        className="aria-disabled:opacity-50"
        aria-disabled={pending || undefined}
        aria-label={`Withdraw ${d.characterName} from ${d.name}`}
        onClick={() => void run()}
      >
        Withdraw
      </Button>
    </li>
  );
}
