import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { claimsOf, fakeAuthService } from "../test/fake-local-auth";
import { useAuth } from "./context";
import { createLocalAuthClient } from "./local-auth-client";
import { OfflineAuthProvider } from "./offline-auth";

/** What a screen sees: only the adapter's hooks. */
function Probe() {
  const { isLoaded, user, getToken, getConvexToken, signOut, SignIn } = useAuth();
  const [tokens, setTokens] = useState<string>("");
  if (!isLoaded) return <p>loading</p>;
  if (!user) return <SignIn />;
  return (
    <div>
      <p>
        Signed in as {user.name} ({user.id}, {user.role})
      </p>
      <button
        onClick={() =>
          void Promise.all([getToken(), getConvexToken()]).then(([s, c]) =>
            setTokens(
              `session:${String(claimsOf(s).sub)}:${String(claimsOf(s).aud)} convex:${String(claimsOf(c).aud)}`,
            ),
          )
        }
      >
        Get tokens
      </button>
      <output>{tokens}</output>
      <button onClick={() => void signOut()}>Sign out</button>
    </div>
  );
}

function renderOffline(fetchImpl: typeof fetch) {
  const client = createLocalAuthClient("http://auth.test", fetchImpl);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <OfflineAuthProvider client={client}>
        <Probe />
      </OfflineAuthProvider>
    </QueryClientProvider>,
  );
}

describe("offline auth adapter", () => {
  it("lists the demo users and signs in as the one picked", async () => {
    const user = userEvent.setup();
    renderOffline(fakeAuthService().fetchImpl);
    expect(screen.getByRole("heading", { name: "Sign in to Roundtable" })).toBeInTheDocument();
    await user.click(await screen.findByRole("button", { name: "Sign in as Morgan the DM, Dungeon Master" }));
    expect(await screen.findByText("Signed in as Morgan the DM (user_demo_dm, user)")).toBeInTheDocument();
  });

  it("gives a session token for the live server and a Convex-audience token for Convex", async () => {
    const user = userEvent.setup();
    renderOffline(fakeAuthService().fetchImpl);
    await user.click(await screen.findByRole("button", { name: "Sign in as Aria, Player" }));
    await user.click(await screen.findByRole("button", { name: "Get tokens" }));
    expect(await screen.findByText("session:user_demo_p1:undefined convex:convex")).toBeInTheDocument();
  });

  it("marks the admin and keeps the session across a reload of the tab", async () => {
    const user = userEvent.setup();
    const service = fakeAuthService();
    const first = renderOffline(service.fetchImpl);
    await user.click(await screen.findByRole("button", { name: "Sign in as Admin" }));
    await screen.findByText(/Signed in as Admin/);
    first.unmount();
    renderOffline(service.fetchImpl);
    expect(screen.getByText("Signed in as Admin (user_demo_admin, admin)")).toBeInTheDocument();
  });

  it("signs out back to the sign-in screen", async () => {
    const user = userEvent.setup();
    renderOffline(fakeAuthService().fetchImpl);
    await user.click(await screen.findByRole("button", { name: "Sign in as Aria, Player" }));
    await user.click(await screen.findByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("button", { name: "Sign in as Aria, Player" })).toBeInTheDocument();
    expect(sessionStorage.getItem("roundtable-demo-user")).toBeNull();
  });

  it("explains a failed sign-in and stays on the sign-in screen", async () => {
    const user = userEvent.setup();
    const service = fakeAuthService();
    const failing = ((input: RequestInfo | URL, init?: RequestInit) =>
      (input instanceof Request ? input.url : input.toString()).endsWith("/token")
        ? Promise.resolve(
            Response.json({ error: { kind: "internal", message: "Signing key missing" } }, { status: 500 }),
          )
        : service.fetchImpl(input, init)) as typeof fetch;
    renderOffline(failing);
    await user.click(await screen.findByRole("button", { name: "Sign in as Aria, Player" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Signing key missing");
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Sign in as Aria, Player" })).toBeEnabled(),
    );
  });

  it("shows why the demo users cannot be listed, with a retry", async () => {
    const down = (() => Promise.reject(new TypeError("Failed to fetch"))) as unknown as typeof fetch;
    renderOffline(down);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(/Cannot reach the local sign-in service/);
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
