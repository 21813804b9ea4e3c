import { create } from "zustand";

type LiveModalState = {
  /** The interaction whose live table is open, if any. */
  open: { interactionId: string; name: string } | null;
  show: (interactionId: string, name: string) => void;
  close: () => void;
};

/** Which live table is on screen; the go-live button and the player watcher both open it. */
export const useLiveModal = create<LiveModalState>()((set) => ({
  open: null,
  show: (interactionId, name) => set({ open: { interactionId, name } }),
  close: () => set({ open: null }),
}));
