import { describe, expect, it } from "vitest";
import { latencyStart, splitStages, type CommandTimes } from "./stages";

// A command due at `due` that left `late` ms later, reached its first seat `first` ms after
// leaving and its last seat `spread` ms after that.
const cmd = (room: number, due: number, late: number, first: number, spread: number): CommandTimes => ({
  room,
  due,
  sent: due + late,
  first: due + late + first,
  last: due + late + first + spread,
});

describe("splitStages", () => {
  it("blames the slowest commands' time on the stage where they spent it", () => {
    const commands: CommandTimes[] = [];
    // 99 quick commands, then one whose load process sent it 6 ms late.
    for (let i = 0; i < 99; i++) commands.push(cmd(i, 1000 + i * 5, 0.1, 0.5, 0.2));
    commands.push(cmd(99, 2000, 6, 0.5, 0.2));
    const split = splitStages(commands, []);
    expect(split.commands).toBe(100);
    expect(split.slowest.commands).toBe(1);
    expect(split.slowest.latency).toBeCloseTo(6.7);
    expect(split.slowest.timer).toBeCloseTo(6);
    expect(split.all.timer).toBeCloseTo(0.1);
    expect(split.all.toFirst).toBeCloseTo(0.5);
    expect(split.all.spread).toBeCloseTo(0.2);
    // No server trace: the server's stages stay unknown rather than zero.
    expect(split.all.dispatch).toBeUndefined();
  });

  it("places the server's dispatch of each command between its send and its last seat", () => {
    const c = cmd(7, 1000, 0, 3, 1); // sent 1000, first seat 1003, last 1004
    const split = splitStages(
      [c],
      [
        { room: 7, start: 990, ms: 0.5 }, // the room's previous command
        { room: 8, start: 1000.2, ms: 0.1 }, // another room
        { room: 7, start: 1002, ms: 0.8 }, // this one: queued 2 ms before the server took it
      ],
    );
    expect(split.all.toDispatch).toBeCloseTo(2);
    expect(split.all.dispatch).toBeCloseTo(0.8);
    expect(split.all.afterDispatch).toBeCloseTo(1.2);
  });
});

describe("latencyStart", () => {
  it("times a command sent before it fell due from its send, and a late one from when it fell due", () => {
    // A timer that fired 0.4 ms early: the command left then, and its latency starts then.
    expect(latencyStart(1000, 999.6)).toBe(999.6);
    // Sent 3 ms late (the room's previous command was in flight): the wait counts.
    expect(latencyStart(1000, 1003)).toBe(1000);
  });
});
