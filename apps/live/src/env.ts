import { ConfigError, loadSettings, settingDefinitions, type Settings } from "@roundtable/config";

/** Settings production cannot run without: unset, nothing is saved or no real user can sign in. */
const requiredInProduction = ["convexUrl", "convexServiceSecret", "clerkJwtKey", "clerkIssuer"] as const;

/**
 * The only place the live server reads process.env; a bad value throws the ConfigError. With
 * NODE_ENV=production (the image sets it) a missing secret is a deployment mistake, so it is
 * refused at start instead of falling back to the in-memory store or the offline token issuer.
 */
export function readSettings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  const settings = loadSettings(env);
  if (env.NODE_ENV === "production")
    for (const name of requiredInProduction)
      if (settings[name] === undefined)
        throw new ConfigError(
          name,
          settingDefinitions[name].env,
          "",
          "required when NODE_ENV=production (set it as a secret, docs/deploy.md)",
        );
  return settings;
}

/** Deployment facts that are not tunables: on Fly the client IP arrives in Fly-Client-IP. */
export function readRuntime(): { behindFlyProxy: boolean } {
  return { behindFlyProxy: Boolean(process.env.FLY_APP_NAME) };
}
