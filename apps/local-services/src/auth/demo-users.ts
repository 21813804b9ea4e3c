/** Seeded demo accounts the local token issuer signs for (Clerk stand-in). */
export type DemoUser = {
  id: string;
  name: string;
  email: string;
  /** Global role claim; table roles (DM/player) come from the data, not the token. */
  role: "admin" | "user";
  /** What the account is for in the demo, shown on the offline sign-in screen. */
  seat: "dm" | "player" | "admin";
};

export const demoUsers: readonly DemoUser[] = [
  { id: "user_demo_dm", name: "Morgan the DM", email: "dm@demo.roundtable.local", role: "user", seat: "dm" },
  { id: "user_demo_p1", name: "Aria", email: "p1@demo.roundtable.local", role: "user", seat: "player" },
  { id: "user_demo_p2", name: "Borin", email: "p2@demo.roundtable.local", role: "user", seat: "player" },
  { id: "user_demo_p3", name: "Cass", email: "p3@demo.roundtable.local", role: "user", seat: "player" },
  {
    id: "user_demo_admin",
    name: "Admin",
    email: "admin@demo.roundtable.local",
    role: "admin",
    seat: "admin",
  },
];

export function findDemoUser(id: string): DemoUser | undefined {
  return demoUsers.find((u) => u.id === id);
}
