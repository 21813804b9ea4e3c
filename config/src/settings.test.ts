import { describe, expect, it } from "vitest";
import { ConfigError, defaultSettings, loadSettings, settingDefinitions } from "./settings";

describe("loadSettings", () => {
  it("gives the documented defaults when nothing is set", () => {
    const s = loadSettings({});
    expect(s.turnTimeoutMs).toBe(90_000);
    expect(s.inactivityTimeoutMs).toBe(300_000);
    expect(s.livePort).toBe(8787);
    expect(s.webPort).toBe(5173);
    expect(s.localConvexPort).toBe(3210);
    expect(s.localAuthPort).toBe(3211);
    expect(s.rateMessagesPerMinute).toBe(100);
    expect(s.rateActionsPerMinute).toBe(20);
    expect(s.rateConnectionsPerMinute).toBe(10);
    expect(s.convexUrl).toBeUndefined();
  });

  it("takes overrides from the environment, coerced to their types", () => {
    const s = loadSettings({
      TURN_TIMEOUT_MS: "2000",
      LIVE_PORT: "9000",
      LOG_LEVEL: "debug",
      CONVEX_URL: "https://x.convex.cloud",
    });
    expect(s).toMatchObject({
      turnTimeoutMs: 2000,
      livePort: 9000,
      logLevel: "debug",
      convexUrl: "https://x.convex.cloud",
    });
  });

  it("treats an empty variable as unset", () => {
    expect(loadSettings({ LIVE_PORT: "" }).livePort).toBe(8787);
  });

  it.each([
    ["TURN_TIMEOUT_MS", "ninety", "turnTimeoutMs"],
    ["TURN_TIMEOUT_MS", "10", "turnTimeoutMs"],
    ["LIVE_PORT", "70000", "livePort"],
    ["LIVE_PORT", "80.5", "livePort"],
    ["LOG_LEVEL", "loud", "logLevel"],
    ["CONVEX_URL", "not a url", "convexUrl"],
    ["SNAPSHOT_RETRY_JITTER", "2", "snapshotRetryJitter"],
  ])("rejects %s=%s naming the setting, the value and what is allowed", (variable, value, setting) => {
    const attempt = () => loadSettings({ [variable]: value });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (e) {
      const err = e as ConfigError;
      expect(err.setting).toBe(setting);
      expect(err.message).toContain(variable);
      expect(err.message).toContain(JSON.stringify(value));
      expect(err.message.length).toBeGreaterThan(
        `Invalid setting ${setting} (${variable}=${JSON.stringify(value)}): `.length,
      );
    }
  });

  it("rejects a retry ceiling below the retry base", () => {
    expect(() => loadSettings({ SNAPSHOT_RETRY_BASE_MS: "5000", SNAPSHOT_RETRY_MAX_MS: "100" })).toThrow(
      /SNAPSHOT_RETRY_BASE_MS/,
    );
  });

  it("documents every setting with a distinct environment variable", () => {
    const vars = Object.values(settingDefinitions).map((d) => d.env);
    expect(new Set(vars).size).toBe(vars.length);
    for (const d of Object.values(settingDefinitions)) expect(d.doc.length).toBeGreaterThan(10);
    expect(defaultSettings.heartbeatMs).toBe(30_000);
  });
});
