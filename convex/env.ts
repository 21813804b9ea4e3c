// The only place convex/ reads Convex's environment variables (set with
// `npx convex env set NAME value`; convex-test and local-services set process.env).

/** Shared secret the live server passes to `live.*`; undefined when not configured. */
export function serviceSecret(): string | undefined {
  const value = process.env.CONVEX_SERVICE_SECRET;
  return value === undefined || value === "" ? undefined : value;
}

/** Clerk issuer (Frontend API URL) whose session tokens Convex accepts. */
export function clerkIssuerDomain(): string | undefined {
  return process.env.CLERK_JWT_ISSUER_DOMAIN;
}
