import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { useApplyTheme, useThemeStore } from "../lib/theme";
import { ThemeToggle } from "./ThemeToggle";

function Themed() {
  useApplyTheme();
  return <ThemeToggle />;
}

afterEach(() => useThemeStore.setState({ theme: "system" }));

describe("ThemeToggle", () => {
  it("switches to dark by keyboard, applies it and remembers it", async () => {
    const user = userEvent.setup();
    render(<Themed />);
    expect(document.documentElement).not.toHaveClass("dark");
    screen.getByRole("button", { name: "Theme: system" }).focus();
    await user.keyboard("{Enter}");
    await user.click(await screen.findByRole("menuitemradio", { name: "Dark" }));
    expect(document.documentElement).toHaveClass("dark");
    expect(JSON.parse(localStorage.getItem("roundtable-theme") ?? "{}")).toMatchObject({
      state: { theme: "dark" },
    });
    expect(screen.getByRole("button", { name: "Theme: dark" })).toBeInTheDocument();
  });
});
