// The only file in apps/web that reads import.meta.env. Every setting has a default so the
// app runs offline against the local services with nothing set.

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

export type WebEnv = {
  convexUrl: string;
  liveUrl: string;
  localAuthUrl: string;
  /** Unset: offline mode with the local demo sign-in. */
  clerkPublishableKey: string | undefined;
};

export function readEnv(source: Record<string, unknown>): WebEnv {
  return {
    convexUrl: text(source.VITE_CONVEX_URL) ?? "http://localhost:3210",
    liveUrl: text(source.VITE_LIVE_URL) ?? "ws://localhost:8787",
    localAuthUrl: (text(source.VITE_LOCAL_AUTH_URL) ?? "http://localhost:3211").replace(/\/+$/, ""),
    clerkPublishableKey: text(source.VITE_CLERK_PUBLISHABLE_KEY),
  };
}

export const env: WebEnv = readEnv(import.meta.env);
