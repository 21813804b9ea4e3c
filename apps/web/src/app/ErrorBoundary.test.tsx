import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ErrorBoundary } from "./ErrorBoundary";

function Broken(): never {
  throw new Error("Only this interaction's DM can open it");
}

describe("ErrorBoundary", () => {
  it("shows a failed page under its own h1 and tab title", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // React and the boundary report it
    render(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );
    expect(screen.getByRole("heading", { level: 1, name: "This page failed to load" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Only this interaction's DM can open it");
    expect(document.title).toBe("This page failed to load · Roundtable");
    vi.restoreAllMocks();
  });
});
