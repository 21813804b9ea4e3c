import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TRPCClientError } from "@trpc/client";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLiveClient } from "../../live/client";
import { UNREACHABLE_MESSAGE } from "../../live/unreachable";
import { Toaster } from "../../components/ui/sonner";
import { fakeLive, LiveTestProviders, syncEvent } from "../../test/fake-live";
import { GoLiveButton } from "./GoLiveButton";
import { LiveTable } from "./LiveWatcher";
import { createInteraction, goblinAmbush, viewFor } from "@roundtable/live/engine";

const dmView = viewFor(createInteraction(goblinAmbush(), { seed: 1, now: 0 }), "dm");
import { useLiveModal } from "./live-modal-store";

afterEach(() => useLiveModal.getState().close());

function renderGoLive(live: ReturnType<typeof fakeLive>["live"], resuming = false) {
  return render(
    <LiveTestProviders live={live}>
      <GoLiveButton interactionId="int_1" name="Goblin ambush" resuming={resuming} />
      <LiveTable />
      <Toaster />
    </LiveTestProviders>,
  );
}

describe("go live", () => {
  it("launches on the live server, says so, and opens the synced live table", async () => {
    const user = userEvent.setup();
    let release: () => void = () => undefined;
    const { live, calls } = fakeLive({
      mutations: {
        "interaction.launch": () =>
          new Promise((resolve) => (release = () => resolve({ version: 3, status: "live" }))),
      },
      subscriptions: {
        "interaction.events": (_input, emit) => emit(syncEvent(dmView, { role: "dm", userId: "u" }, 3)),
      },
    });
    renderGoLive(live);

    await user.click(screen.getByRole("button", { name: "Go live: Goblin ambush" }));
    // Its name says what it shows: no longer "Go live" while it goes live.
    const button = screen.getByRole("button", { name: "Going live: Goblin ambush…" });
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("Going live…");
    expect(calls).toContainEqual({ path: "interaction.launch", input: { interactionId: "int_1" } });

    await act(async () => {
      release();
      await Promise.resolve();
    });
    expect(await screen.findByText("Goblin ambush is live")).toBeInTheDocument();
    const dialog = await screen.findByRole("dialog", { name: "Goblin ambush: live table" });
    expect(within(dialog).getByRole("status", { name: "Connection" })).toHaveTextContent("Connected");
    expect(await within(dialog).findByText("You are the DM")).toBeInTheDocument();
    expect(calls).toContainEqual({ path: "interaction.events", input: { interactionId: "int_1" } });
  });

  it("shows the server's reason when launching fails, and opens nothing", async () => {
    const user = userEvent.setup();
    const { live } = fakeLive({
      mutations: {
        "interaction.launch": () => {
          throw new TRPCClientError("Only this interaction's DM can take it live");
        },
      },
    });
    renderGoLive(live);
    await user.click(screen.getByRole("button", { name: "Go live: Goblin ambush" }));
    expect(await screen.findByText("Could not take Goblin ambush live")).toBeInTheDocument();
    expect(screen.getByText("Only this interaction's DM can take it live")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Go live: Goblin ambush" })).toBeEnabled();
  });

  it("says a launch may have gone live when the connection dropped before the answer", async () => {
    const user = userEvent.setup();
    const { live } = fakeLive({
      mutations: {
        "interaction.launch": () => {
          // as tRPC's socket client fails a call in flight when its socket closes
          throw TRPCClientError.from(new CloseEvent("close", { code: 1006 }));
        },
      },
    });
    renderGoLive(live);
    await user.click(screen.getByRole("button", { name: "Go live: Goblin ambush" }));
    const title = await screen.findByText("Could not confirm Goblin ambush went live");
    expect(title.closest("li")).toHaveTextContent(
      "so it may have gone live: the interactions list shows its status",
    );
    expect(title.closest("li")).not.toHaveTextContent("Unknown error");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("resumes a paused interaction through the same launch", async () => {
    const user = userEvent.setup();
    const { live, calls } = fakeLive({
      mutations: { "interaction.launch": () => ({ version: 9, status: "live" }) },
      subscriptions: { "interaction.events": () => undefined },
    });
    renderGoLive(live, true);
    await user.click(screen.getByRole("button", { name: "Resume: Goblin ambush" }));
    expect(await screen.findByText("Goblin ambush resumed")).toBeInTheDocument();
    expect(calls.filter((c) => c.path === "interaction.launch")).toHaveLength(1);
    expect(await screen.findByRole("dialog", { name: "Goblin ambush: live table" })).toBeInTheDocument();
  });
});

describe("go live with the live server out of reach", () => {
  it("says it cannot reach the server instead of waiting for it, and the button works again", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const live = createLiveClient({
      url: `ws://127.0.0.1:${port}`,
      getToken: () => Promise.resolve("token"),
    });
    const user = userEvent.setup();
    try {
      renderGoLive(live);
      await user.click(screen.getByRole("button", { name: "Go live: Goblin ambush" }));
      // (toasts of the tests above may still be on screen: this one is told by its text)
      const why = await screen.findByText(UNREACHABLE_MESSAGE, {}, { timeout: 5_000 });
      expect(why.closest("li")).toHaveTextContent("Could not take Goblin ambush live");
      expect(screen.getByRole("button", { name: "Go live: Goblin ambush" })).toBeEnabled();
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    } finally {
      await live.close();
    }
  });
});
