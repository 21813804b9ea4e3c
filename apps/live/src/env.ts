import { loadSettings, type Settings } from "@roundtable/config";

/** The only place the live server reads process.env; a bad value throws the ConfigError. */
export function readSettings(): Settings {
  return loadSettings(process.env);
}

/** Deployment facts that are not tunables: on Fly the client IP arrives in Fly-Client-IP. */
export function readRuntime(): { behindFlyProxy: boolean } {
  return { behindFlyProxy: Boolean(process.env.FLY_APP_NAME) };
}
