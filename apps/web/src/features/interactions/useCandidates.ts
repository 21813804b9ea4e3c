import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "../../../../../convex/_generated/api";
import type { Candidate } from "./draft";

/** Characters a DM may seat: their own NPCs and monsters, and every player's PCs. undefined while loading. */
export function useCandidates(): Candidate[] | undefined {
  const mine = useQuery(api.characters.listMine, {});
  const players = useQuery(api.users.listPlayers, {});
  return useMemo(() => {
    if (mine === undefined || players === undefined) return undefined;
    const own: Candidate[] = mine
      .filter((c) => c.kind !== "pc")
      .map((c) => ({ characterId: c._id, name: c.name, kind: c.kind, group: "Your NPCs and monsters" }));
    const pcs: Candidate[] = players.flatMap((p) =>
      p.characters.map((c) => ({
        characterId: c._id,
        name: c.name,
        kind: "pc" as const,
        group: `${p.name}'s characters`,
      })),
    );
    return [...own, ...pcs];
  }, [mine, players]);
}
