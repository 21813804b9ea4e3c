import { useMutation, useQuery } from "convex/react";
import { Plus } from "lucide-react";
import { Link, useSearchParams } from "react-router";
import { api } from "../../../../../convex/_generated/api";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, LoadingState } from "../../components/states";
import { Button } from "../../components/ui/button";
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from "../../components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "../../components/ui/tabs";
import { toastError, toastSuccess } from "../../lib/toast";
import { GoLiveButton } from "../live/GoLiveButton";
import { useLiveModal } from "../live/live-modal-store";
import { interactionKindLabels } from "./InteractionForm";
import { StatusBadge, statusLabels, type InteractionStatus } from "./StatusBadge";

const statuses: InteractionStatus[] = ["draft", "live", "paused", "completed"];
const isStatus = (value: string | null): value is InteractionStatus => statuses.some((s) => s === value);

/**
 * The open tab, kept in the address (?status=completed) so Back from a summary returns to it.
 * Switching tabs replaces the entry, so Back does not step through tabs; no or an unknown
 * status is the Draft tab.
 */
function useStatusTab() {
  const [params, setParams] = useSearchParams();
  const status = params.get("status");
  const tab: InteractionStatus = isStatus(status) ? status : "draft";
  const setTab = (next: InteractionStatus) =>
    setParams(
      (p) => {
        p.set("status", next);
        return p;
      },
      { replace: true, preventScrollReset: true },
    );
  return [tab, setTab] as const;
}

export function InteractionsPage() {
  const interactions = useQuery(api.interactions.listMine, {});
  const remove = useMutation(api.interactions.remove);
  const [tab, setTab] = useStatusTab();

  const newButton = (
    <Button asChild>
      <Link to="/interactions/new">
        <Plus aria-hidden />
        New interaction
      </Link>
    </Button>
  );

  return (
    <>
      <PageHeader title="Interactions" description="Encounters you run as the DM." actions={newButton} />
      {interactions === undefined ? (
        <LoadingState label="Loading interactions" />
      ) : interactions.length === 0 ? (
        <EmptyState
          title="No interactions yet"
          description="Build a combat, social scene or puzzle, seat the characters, then take it live."
          action={newButton}
        />
      ) : (
        <Tabs value={tab} onValueChange={(v) => isStatus(v) && setTab(v)}>
          <TabsList aria-label="Interactions by status">
            {statuses.map((s) => (
              <TabsTrigger key={s} value={s}>
                {statusLabels[s]} ({interactions.filter((i) => i.status === s).length})
              </TabsTrigger>
            ))}
          </TabsList>
          {statuses.map((s) => {
            const list = interactions.filter((i) => i.status === s);
            return (
              <TabsContent key={s} value={s}>
                {list.length === 0 ? (
                  <EmptyState title={`No ${statusLabels[s].toLowerCase()} interactions`} />
                ) : (
                  <ul className="grid gap-3 sm:grid-cols-2">
                    {list.map((i) => (
                      <li key={i._id}>
                        <InteractionCard
                          interaction={i}
                          onDelete={async () => {
                            try {
                              await remove({ id: i._id });
                              toastSuccess(`${i.name} deleted`);
                            } catch (error) {
                              toastError(`Could not delete ${i.name}`, error);
                            }
                          }}
                        />
                      </li>
                    ))}
                  </ul>
                )}
              </TabsContent>
            );
          })}
        </Tabs>
      )}
    </>
  );
}

type ListItem = NonNullable<ReturnType<typeof useQuery<typeof api.interactions.listMine>>>[number];

function InteractionCard({
  interaction: i,
  onDelete,
}: {
  interaction: ListItem;
  onDelete: () => Promise<void>;
}) {
  const show = useLiveModal((s) => s.show);
  return (
    <Card className="flex h-full flex-col">
      <CardHeader className="flex-1">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <CardTitle asChild>
            <h3>
              <Link
                to={`/interactions/${i._id}`}
                className="rounded-sm underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
              >
                {i.name}
              </Link>
            </h3>
          </CardTitle>
          <StatusBadge status={i.status} awaitingDm={i.awaitingDm} />
        </div>
        <CardDescription>
          {interactionKindLabels[i.kind]} · {i.participantCount}{" "}
          {i.participantCount === 1 ? "participant" : "participants"}
          {i.isTest && " · test"}
        </CardDescription>
      </CardHeader>
      <CardFooter className="flex-wrap">
        {i.status === "draft" && (
          <>
            <GoLiveButton interactionId={i._id} name={i.name} size="sm" />
            <Button asChild variant="outline" size="sm">
              <Link to={`/interactions/${i._id}`} aria-label={`Edit ${i.name}`}>
                Edit
              </Link>
            </Button>
            <ConfirmDelete name={i.name} what="draft interaction" onConfirm={onDelete} />
          </>
        )}
        {i.status === "live" && (
          <Button size="sm" onClick={() => show(i._id, i.name)} aria-label={`Open live table: ${i.name}`}>
            Open live table
          </Button>
        )}
        {i.status === "paused" && <GoLiveButton interactionId={i._id} name={i.name} size="sm" resuming />}
        {i.status !== "draft" && (
          <Button asChild variant="outline" size="sm">
            <Link to={`/interactions/${i._id}`} aria-label={`Summary of ${i.name}`}>
              Summary
            </Link>
          </Button>
        )}
      </CardFooter>
    </Card>
  );
}
