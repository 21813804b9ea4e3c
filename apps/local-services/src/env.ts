import { loadSettings, type Settings } from "@roundtable/config";

// The only place local-services touches process.env.

/** Validated settings (ports, web origin) from the environment. */
export function readSettings(): Settings {
  return loadSettings(process.env);
}

/**
 * Deployment environment variables of the local Convex stand-in. Hosted Convex keeps them
 * per deployment (`npx convex env set`); convex/ functions read them from process.env, so the
 * in-process stand-in sets them there.
 */
export function setConvexDeploymentEnv(vars: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(vars)) process.env[name] = value;
}
