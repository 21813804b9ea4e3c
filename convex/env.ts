// The only place convex/'s functions read Convex's environment variables (set with
// `npx convex env set NAME value`; convex-test and local-services set process.env).
// auth.config.ts reads CLERK_JWT_ISSUER_DOMAIN itself: Convex bundles and evaluates that file
// apart from the functions, at deploy time.

/** Shared secret the live server passes to `live.*`; undefined when not configured. */
export function serviceSecret(): string | undefined {
  const value = process.env.CONVEX_SERVICE_SECRET;
  return value === undefined || value === "" ? undefined : value;
}
