import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Countdown } from "./Countdown";

const turn = { id: 3, entityId: "pc1", startedAt: 10_000 };

describe("turn countdown", () => {
  it("counts down to the server's deadline on the server's clock", () => {
    // local clock 2 s behind the server: 100 s deadline, server now = 40 s
    render(<Countdown turn={{ ...turn, deadline: 100_000 }} serverOffsetMs={2_000} now={() => 38_000} />);
    expect(screen.getByTestId("turn-countdown")).toHaveTextContent("1:00");
  });

  it("warns in words when time is almost out, and shows a frozen timer while paused", () => {
    const { rerender } = render(
      <Countdown turn={{ ...turn, deadline: 100_000 }} serverOffsetMs={0} now={() => 90_500} />,
    );
    expect(screen.getByTestId("turn-countdown")).toHaveTextContent("0:10 (almost out)");
    rerender(<Countdown turn={{ ...turn, remainingMs: 45_000 }} serverOffsetMs={0} />);
    expect(screen.getByLabelText("Turn timer paused with 0:45 left")).toHaveTextContent("0:45 (paused)");
  });

  it("shows nothing for a DM-run turn (no timer)", () => {
    const { container } = render(<Countdown turn={turn} serverOffsetMs={0} />);
    expect(container).toBeEmptyDOMElement();
  });
});
