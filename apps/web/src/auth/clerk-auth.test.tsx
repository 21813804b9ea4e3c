import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ConvexReactClient } from "convex/react";
import type { ReactNode } from "react";
import { useState } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuth } from "./context";

// Clerk itself needs its hosted frontend; these stand-ins give its hooks' documented shapes so
// the test checks our mapping onto the app's adapter.
type FakeClerkAuth = {
  isLoaded: boolean;
  isSignedIn: boolean;
  userId: string | null;
  sessionClaims: Record<string, unknown>;
};
const clerk = vi.hoisted(() => ({
  auth: {
    isLoaded: true,
    isSignedIn: true,
    userId: "user_123",
    sessionClaims: {},
    getToken: vi.fn((opts?: { template?: string; skipCache?: boolean }) =>
      Promise.resolve(`${opts?.template ?? "session"}${opts?.skipCache ? ":fresh" : ""}`),
    ),
    signOut: vi.fn((_options?: { redirectUrl?: string }) => Promise.resolve()),
  },
  user: { fullName: "Robin Hood", username: null, primaryEmailAddress: null, publicMetadata: {} },
}));

vi.mock("@clerk/react", () => ({
  ClerkProvider: ({ children }: { children: ReactNode }) => children,
  SignIn: () => <p>Clerk sign-in</p>,
  useAuth: () => clerk.auth,
  useUser: () => ({ user: clerk.user }),
}));
vi.mock("convex/react-clerk", () => ({
  ConvexProviderWithClerk: ({ children }: { children: ReactNode }) => children,
}));

const { ClerkAuthProvider, clerkRole } = await import("./clerk-auth");

function Probe() {
  const { user, getToken, getConvexToken, signOut, SignIn } = useAuth();
  const [out, setOut] = useState("");
  if (!user) return <SignIn />;
  return (
    <div>
      <p>
        {user.name} {user.id} {user.role}
      </p>
      <button
        onClick={() =>
          void Promise.all([getToken(), getConvexToken(), getConvexToken({ forceRefresh: true })]).then((t) =>
            setOut(t.join(" ")),
          )
        }
      >
        Tokens
      </button>
      <output>{out}</output>
      <button onClick={() => void signOut()}>Sign out</button>
    </div>
  );
}

const renderClerk = () =>
  render(
    <ClerkAuthProvider publishableKey="pk_test_x" convex={{} as ConvexReactClient}>
      <Probe />
    </ClerkAuthProvider>,
  );

describe("Clerk auth adapter", () => {
  const auth: FakeClerkAuth = clerk.auth;
  beforeEach(() => {
    auth.isSignedIn = true;
    auth.userId = "user_123";
    clerk.auth.sessionClaims = {};
    clerk.user.publicMetadata = {};
  });

  it("exposes the same user, tokens and sign-out as offline mode", async () => {
    const user = userEvent.setup();
    renderClerk();
    expect(screen.getByText("Robin Hood user_123 user")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Tokens" }));
    expect(await screen.findByText("session convex convex:fresh")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    // To the table, as the app does after an offline sign-out.
    expect(clerk.auth.signOut).toHaveBeenCalledWith({ redirectUrl: "/" });
  });

  it("shows Clerk's sign-in when signed out", () => {
    auth.isSignedIn = false;
    auth.userId = null;
    renderClerk();
    expect(screen.getByText("Clerk sign-in")).toBeInTheDocument();
  });

  it("makes admins from the role claim or public metadata, like the servers do", () => {
    expect(clerkRole({ role: "admin" }, {})).toBe("admin");
    expect(clerkRole({}, { role: "admin" })).toBe("admin");
    expect(clerkRole({ role: "superuser" }, undefined)).toBe("user");
    clerk.user.publicMetadata = { role: "admin" };
    renderClerk();
    expect(screen.getByText("Robin Hood user_123 admin")).toBeInTheDocument();
  });
});
