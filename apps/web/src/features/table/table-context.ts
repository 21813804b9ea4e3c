import type { ViewState } from "@roundtable/live/engine";
import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { LiveStore, LiveTableActions, LiveTableState } from "../../live-state/live-store";
import type { Seat } from "./model";

export type TableContextValue = { store: LiveStore; interactionId: string };

export const TableContext = createContext<TableContextValue | null>(null);

export function useTableContext(): TableContextValue {
  const ctx = useContext(TableContext);
  if (!ctx) throw new Error("Table components must be rendered inside <LiveTable>.");
  return ctx;
}

export function useTable<T>(select: (s: LiveTableState & LiveTableActions) => T): T {
  return useStore(useTableContext().store, select);
}

/** The synced view; table screens render only once there is one. */
export function useView(): ViewState {
  const view = useTable((s) => s.view);
  if (!view) throw new Error("useView needs a synced table.");
  return view;
}

export function useSeat(): Seat {
  const userId = useTable((s) => s.userId);
  const role = useTable((s) => s.role);
  return { userId, role };
}
