import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { Toaster } from "../../components/ui/sonner";
import type { createFakeConvex } from "../../test/fake-convex";
import { emptySheet } from "./defaults";

const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeConvex> | null }));
vi.mock("convex/react", async () => {
  const { createFakeConvex: create } = await import("../../test/fake-convex");
  fake.current = create();
  return fake.current.module;
});
const { CharactersPage } = await import("./CharactersPage");
const convex = () => fake.current!;

const character = (id: string, name: string, kind: "pc" | "npc" | "monster") => ({
  ...emptySheet(kind),
  _id: id,
  ownerId: "u1",
  updatedAt: 1,
  name,
});

function renderPage() {
  render(
    <MemoryRouter>
      <CharactersPage />
      <Toaster />
    </MemoryRouter>,
  );
}

describe("CharactersPage", () => {
  it("shows loading, then an empty state that offers to create one", () => {
    act(() => convex().setQuery("characters:listMine", undefined));
    renderPage();
    expect(screen.getByRole("status")).toHaveTextContent("Loading characters");
    act(() => convex().setQuery("characters:listMine", []));
    expect(screen.getByText("No characters yet")).toBeInTheDocument();
    expect(screen.getAllByRole("link", { name: "New character" })).toHaveLength(2);
  });

  it("groups characters by kind and updates when the server pushes a change", () => {
    act(() =>
      convex().setQuery("characters:listMine", [
        character("c1", "Aria", "pc"),
        character("c2", "Goblin", "monster"),
      ]),
    );
    renderPage();
    expect(
      within(screen.getByRole("region", { name: "Player characters" })).getByRole("heading", {
        name: "Aria",
      }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole("region", { name: "Monsters" })).getByRole("heading", { name: "Goblin" }),
    ).toBeInTheDocument();
    act(() => convex().setQuery("characters:listMine", [character("c1", "Aria", "pc")]));
    expect(screen.queryByRole("region", { name: "Monsters" })).not.toBeInTheDocument();
  });

  it("asks before deleting and shows the server's reason when it refuses", async () => {
    const user = userEvent.setup();
    act(() => convex().setQuery("characters:listMine", [character("c2", "Goblin", "monster")]));
    const remove = vi.fn(() => {
      throw new ConvexError({
        kind: "conflict",
        message: 'This character is in "Ambush" (draft); take it out first',
      });
    });
    convex().onMutation("characters:remove", remove);
    renderPage();
    await user.click(screen.getByRole("button", { name: "Delete Goblin" }));
    const confirm = screen.getByRole("alertdialog", { name: "Delete Goblin?" });
    await user.click(within(confirm).getByRole("button", { name: "Delete" }));
    expect(remove).toHaveBeenCalledWith({ id: "c2" });
    expect(await screen.findByText("Could not delete Goblin")).toBeInTheDocument();
    expect(screen.getByText('This character is in "Ambush" (draft); take it out first')).toBeInTheDocument();
  });

  it("lists the drafts a PC is seated in and withdraws it from one, with the server's reason when refused", async () => {
    const user = userEvent.setup();
    const seat = (interactionId: string, name: string) => ({
      interactionId,
      name,
      dmName: "Dana",
      characterId: "c1",
      characterName: "Aria",
    });
    act(() => {
      convex().setQuery("characters:listMine", [character("c1", "Aria", "pc"), character("c3", "Bo", "pc")]);
      convex().setQuery("interactions:withdrawableForMe", [seat("i1", "Goblin ambush"), seat("i2", "Crypt")]);
    });
    const withdraw = vi.fn((args: unknown) => {
      if ((args as { interactionId: string }).interactionId === "i2")
        throw new ConvexError({
          kind: "conflict",
          message: '"Crypt" is being taken live; Aria cannot be withdrawn now',
        });
      convex().setQuery("interactions:withdrawableForMe", [seat("i2", "Crypt")]);
      return null;
    });
    convex().onMutation("interactions:withdrawCharacter", withdraw);
    renderPage();
    const drafts = screen.getByRole("list", { name: "Drafts seating Aria" });
    expect(drafts).toHaveTextContent("In Goblin ambush (draft, DM Dana)");
    expect(screen.queryByRole("list", { name: "Drafts seating Bo" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Withdraw Aria from Goblin ambush" }));
    expect(withdraw).toHaveBeenCalledWith({ interactionId: "i1", characterId: "c1" });
    expect(await screen.findByText("Aria withdrawn from Goblin ambush")).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Withdraw Aria from Goblin ambush" }),
    ).not.toBeInTheDocument();
    expect(drafts).not.toHaveTextContent("Goblin ambush");

    await user.click(screen.getByRole("button", { name: "Withdraw Aria from Crypt" }));
    expect(await screen.findByText("Could not withdraw Aria from Crypt")).toBeInTheDocument();
    expect(screen.getByText('"Crypt" is being taken live; Aria cannot be withdrawn now')).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Withdraw Aria from Crypt" })).toBeEnabled();
  });

  it("moves keyboard focus to the next card's Edit link when a character is deleted, then to the page heading", async () => {
    const user = userEvent.setup();
    let mine = [character("c1", "Aria", "pc"), character("c3", "Bo", "pc")];
    act(() => convex().setQuery("characters:listMine", mine));
    convex().onMutation("characters:remove", (args) => {
      mine = mine.filter((c) => c._id !== (args as { id: string }).id);
      convex().setQuery("characters:listMine", mine);
      return null;
    });
    renderPage();
    const deleteCharacter = async (name: string) => {
      await user.click(screen.getByRole("button", { name: `Delete ${name}` }));
      const confirm = screen.getByRole("alertdialog", { name: `Delete ${name}?` });
      await user.click(within(confirm).getByRole("button", { name: "Delete" }));
    };

    await deleteCharacter("Aria");
    await waitFor(() => expect(screen.getByRole("link", { name: "Edit Bo" })).toHaveFocus());
    await deleteCharacter("Bo");
    expect(await screen.findByText("No characters yet")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("heading", { name: "Characters", level: 1 })).toHaveFocus());
  });

  it("moves keyboard focus to the next Withdraw after a withdrawal, then to the character's heading", async () => {
    const user = userEvent.setup();
    const seat = (interactionId: string, name: string) => ({
      interactionId,
      name,
      dmName: "Dana",
      characterId: "c1",
      characterName: "Aria",
    });
    let seats = [seat("i1", "Goblin ambush"), seat("i2", "Crypt")];
    act(() => {
      convex().setQuery("characters:listMine", [character("c1", "Aria", "pc")]);
      convex().setQuery("interactions:withdrawableForMe", seats);
    });
    convex().onMutation("interactions:withdrawCharacter", (args) => {
      seats = seats.filter((s) => s.interactionId !== (args as { interactionId: string }).interactionId);
      convex().setQuery("interactions:withdrawableForMe", seats);
      return null;
    });
    renderPage();

    await user.click(screen.getByRole("button", { name: "Withdraw Aria from Goblin ambush" }));
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Withdraw Aria from Crypt" })).toHaveFocus(),
    );
    await user.keyboard("{Enter}");
    await waitFor(() =>
      expect(screen.queryByRole("list", { name: "Drafts seating Aria" })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole("heading", { name: "Aria", level: 3 })).toHaveFocus();
  });
});
