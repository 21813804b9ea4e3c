import type { AuthConfig } from "convex/server";

// Clerk issues the session tokens; set CLERK_JWT_ISSUER_DOMAIN on the deployment
// (`npx convex env set CLERK_JWT_ISSUER_DOMAIN https://<your-app>.clerk.accounts.dev`).
// The JWT template must be named "convex" (its `aud`) and may add a `role` claim.
export default {
  providers: [
    {
      domain: process.env.CLERK_JWT_ISSUER_DOMAIN ?? "https://clerk.invalid",
      applicationID: "convex",
    },
  ],
} satisfies AuthConfig;
