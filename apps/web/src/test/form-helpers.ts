import { act, screen } from "@testing-library/react";

/** A refused save moves focus to what is wrong a frame later: let that happen before editing on. */
export const settle = () => act(() => new Promise<void>((done) => requestAnimationFrame(() => done())));

/** A form's section by its legend (the fieldset, not another group of the same name). */
export const section = (name: string) =>
  screen.getAllByRole("group", { name }).find((g) => g.tagName === "FIELDSET")!;
