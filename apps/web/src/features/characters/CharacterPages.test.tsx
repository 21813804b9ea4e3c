import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { createFakeConvex } from "../../test/fake-convex";
import { pagesRouter } from "../../test/pages-router";
import { emptySheet } from "./defaults";

const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeConvex> | null }));
vi.mock("convex/react", async () => {
  const { createFakeConvex: create } = await import("../../test/fake-convex");
  fake.current = create();
  return fake.current.module;
});
const { CharacterEditPage, CharacterNewPage } = await import("./CharacterPages");
const convex = () => fake.current!;

const aria = { ...emptySheet("pc"), _id: "c1", ownerId: "u1", updatedAt: 1, name: "Aria" };

function renderAt(path: string) {
  const router = pagesRouter(
    {
      "/characters": <h1>All characters</h1>,
      "/characters/new": <CharacterNewPage />,
      "/characters/:characterId": <CharacterEditPage />,
      "/interactions": <h1>All interactions</h1>,
    },
    path,
    { to: "/interactions", label: "Interactions" },
  );
  render(<RouterProvider router={router} />);
  return { router, user: userEvent.setup({ delay: null }) };
}

const nameField = () => within(screen.getByRole("group", { name: "Basics" })).getByLabelText("Name");
const leaveDialog = () => screen.queryByRole("alertdialog", { name: "Leave without saving?" });

afterEach(() => act(() => convex().setQuery("characters:get", undefined)));

describe("character pages with unsaved edits", () => {
  it("ask before leaving: Stay keeps the edits, Leave drops them", async () => {
    act(() => convex().setQuery("characters:get", aria));
    const { router, user } = renderAt("/characters/c1");
    await user.type(nameField(), " the Bold");

    await user.click(screen.getByRole("link", { name: "Interactions" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Leave without saving?" });
    expect(dialog).toHaveTextContent("Your unsaved changes to Aria will be lost.");
    await user.click(within(dialog).getByRole("button", { name: "Stay" }));
    expect(leaveDialog()).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/characters/c1");
    expect(nameField()).toHaveValue("Aria the Bold");

    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await user.click(
      within(await screen.findByRole("alertdialog", { name: "Leave without saving?" })).getByRole("button", {
        name: "Leave",
      }),
    );
    expect(await screen.findByRole("heading", { name: "All characters" })).toBeInTheDocument();
  });

  it("leave without asking when nothing was edited", async () => {
    act(() => convex().setQuery("characters:get", aria));
    const { router, user } = renderAt("/characters/c1");
    await user.click(screen.getByRole("link", { name: "Interactions" }));
    expect(await screen.findByRole("heading", { name: "All interactions" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/interactions");
    expect(leaveDialog()).not.toBeInTheDocument();
  });

  it("leave without asking once the edits are saved", async () => {
    const created = vi.fn();
    convex().onMutation("characters:create", created);
    const { user } = renderAt("/characters/new");
    await user.type(nameField(), "Brom");
    await user.click(screen.getByRole("button", { name: "Create character" }));
    expect(await screen.findByRole("heading", { name: "All characters" })).toBeInTheDocument();
    expect(created).toHaveBeenCalledOnce();
    expect(leaveDialog()).not.toBeInTheDocument();
  });

  it("let the user go once the character they were editing is deleted elsewhere", async () => {
    act(() => convex().setQuery("characters:get", aria));
    const { user } = renderAt("/characters/c1");
    await user.type(nameField(), " the Bold");
    act(() => convex().setQuery("characters:get", null)); // deleted in another tab
    await user.click(await screen.findByRole("link", { name: "Back to characters" }));
    expect(await screen.findByRole("heading", { name: "All characters" })).toBeInTheDocument();
    expect(leaveDialog()).not.toBeInTheDocument();
  });

  it("have the browser ask before the tab closes or reloads, and only then", async () => {
    act(() => convex().setQuery("characters:get", aria));
    const { user } = renderAt("/characters/c1");
    const unload = () => {
      const e = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(unload()).toBe(false);
    await user.type(nameField(), "!");
    expect(unload()).toBe(true);
  });
});

describe("a character that does not exist", () => {
  it("says so in the page's h1 and the tab title", () => {
    act(() => convex().setQuery("characters:get", null));
    renderAt("/characters/gone");
    expect(screen.getByRole("heading", { level: 1, name: "Character not found" })).toBeInTheDocument();
    expect(document.title).toBe("Character not found · Roundtable");
    expect(screen.getByRole("link", { name: "Back to characters" })).toHaveAttribute("href", "/characters");
  });
});
