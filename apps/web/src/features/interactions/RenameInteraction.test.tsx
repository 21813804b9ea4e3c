import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useQuery } from "convex/react";
import { describe, expect, it, vi } from "vitest";
import { api } from "../../../../../convex/_generated/api";
import type { Id } from "../../../../../convex/_generated/dataModel";
import type { createFakeConvex } from "../../test/fake-convex";

const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeConvex> | null }));
vi.mock("convex/react", async () => {
  const { createFakeConvex: create } = await import("../../test/fake-convex");
  fake.current = create();
  return fake.current.module;
});
const { RenameInteraction } = await import("./RenameInteraction");
const convex = () => fake.current!;
const id = "i1" as Id<"interactions">;

/** As InteractionSummary places it: keyed by the name, so a new name remounts it. */
function Summary() {
  const summary = useQuery(api.interactions.summary, { id }) as { name: string } | undefined;
  if (!summary) return null;
  return <RenameInteraction key={summary.name} id={id} name={summary.name} />;
}

function renderSummary() {
  act(() => convex().setQuery("interactions:summary", { name: "Ambush" }));
  render(<Summary />);
  return userEvent.setup({ delay: null });
}

describe("RenameInteraction", () => {
  it("returns focus to Rename on Cancel", async () => {
    const user = renderSummary();
    await user.click(screen.getByRole("button", { name: "Rename Ambush" }));
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.getByRole("button", { name: "Rename Ambush" })).toHaveFocus();
  });

  it("returns focus to Rename after Save name, when the new name arrives before the save resolves", async () => {
    const user = renderSummary();
    convex().onMutation("interactions:update", (args) => {
      convex().setQuery("interactions:summary", { name: (args as { name: string }).name });
      return null;
    });
    await user.click(screen.getByRole("button", { name: "Rename Ambush" }));
    await user.clear(screen.getByLabelText("New name"));
    await user.type(screen.getByLabelText("New name"), "Crypt{Enter}");
    await waitFor(() => expect(screen.getByRole("button", { name: "Rename Crypt" })).toHaveFocus());
  });

  it("returns focus to Rename after Save name, when the new name arrives after", async () => {
    const user = renderSummary();
    convex().onMutation("interactions:update", () => null);
    await user.click(screen.getByRole("button", { name: "Rename Ambush" }));
    await user.clear(screen.getByLabelText("New name"));
    await user.type(screen.getByLabelText("New name"), "Crypt");
    await user.click(screen.getByRole("button", { name: "Save name" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Rename Ambush" })).toHaveFocus());
    act(() => convex().setQuery("interactions:summary", { name: "Crypt" }));
    expect(screen.getByRole("button", { name: "Rename Crypt" })).toHaveFocus();
  });
});

describe("RenameInteraction on a later visit", () => {
  it("does not take focus on the next visit when the page was left with Rename focused", async () => {
    const user = renderSummary();
    await user.click(screen.getByRole("button", { name: "Rename Ambush" }));
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.getByRole("button", { name: "Rename Ambush" })).toHaveFocus();
    cleanup(); // the user goes to another page, Rename still focused
    await new Promise((r) => setTimeout(r, 10));

    render(<Summary />);
    expect(screen.getByRole("button", { name: "Rename Ambush" })).not.toHaveFocus();
  });
});
