import { useEffect, useSyncExternalStore } from "react";
import { create } from "zustand";
import { persist } from "zustand/middleware";

export type ThemePreference = "light" | "dark" | "system";

type ThemeState = { theme: ThemePreference; setTheme: (theme: ThemePreference) => void };

/** The remembered theme choice. The storage key is also read by index.html before first paint. */
export const useThemeStore = create<ThemeState>()(
  persist((set) => ({ theme: "system", setTheme: (theme) => set({ theme }) }), { name: "roundtable-theme" }),
);

const darkQuery = "(prefers-color-scheme: dark)";

function subscribeSystem(onChange: () => void): () => void {
  const mql = window.matchMedia(darkQuery);
  mql.addEventListener("change", onChange);
  return () => mql.removeEventListener("change", onChange);
}

function systemPrefersDark(): boolean {
  return window.matchMedia(darkQuery).matches;
}

/** "light" or "dark": the preference, with "system" resolved against the OS setting. */
export function useResolvedTheme(): "light" | "dark" {
  const theme = useThemeStore((s) => s.theme);
  const systemDark = useSyncExternalStore(subscribeSystem, systemPrefersDark, () => false);
  if (theme === "system") return systemDark ? "dark" : "light";
  return theme;
}

/** Keeps the `dark` class on <html> in step with the resolved theme. */
export function useApplyTheme(): void {
  const resolved = useResolvedTheme();
  useEffect(() => {
    document.documentElement.classList.toggle("dark", resolved === "dark");
  }, [resolved]);
}
