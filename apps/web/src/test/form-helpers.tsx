import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import type { Candidate, InteractionDraft } from "../features/interactions/draft";
import { InteractionForm } from "../features/interactions/InteractionForm";

/** A refused save moves focus to what is wrong a frame later: let that happen before editing on. */
export const settle = () => act(() => new Promise<void>((done) => requestAnimationFrame(() => done())));

/** A form's section by its legend (the fieldset, not another group of the same name). */
export const section = (name: string) =>
  screen.getAllByRole("group", { name }).find((g) => g.tagName === "FIELDSET")!;

/** The interaction form on `initial`, saving through a mock that resolves. */
export function renderInteractionForm(candidates: Candidate[], initial: InteractionDraft) {
  const onSubmit = vi.fn<(draft: InteractionDraft) => Promise<void>>(() => Promise.resolve());
  const user = userEvent.setup({ delay: null });
  render(
    <InteractionForm candidates={candidates} submitLabel="Save" onSubmit={onSubmit} initial={initial} />,
  );
  return { onSubmit, user };
}
