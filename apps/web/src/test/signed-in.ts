import type { AuthAdapter } from "../auth/types";

/** A signed-in player (Pat, `user_p1`) for screens behind the sign-in gate. */
export const signedInPlayer: AuthAdapter = {
  isLoaded: true,
  user: { id: "user_p1", name: "Pat", role: "user" },
  getToken: () => Promise.resolve("token"),
  getConvexToken: () => Promise.resolve("token"),
  signOut: () => Promise.resolve(),
  SignIn: () => null,
};
