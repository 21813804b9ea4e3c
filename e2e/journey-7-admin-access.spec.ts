import { TRPCClientError } from "@trpc/client";
import { expect, test } from "./support/fixtures";
import { liveApiAs, liveApiWithToken, sessionToken, type LiveApi } from "./support/live-api";
import { demo } from "./support/users";

// Journey 7, its API half: admin test mode (the live server's `admin` router) refuses everyone
// but admins. The admin's own run (start, watch, report) waits for the test-mode UI (issue 7).

/** Every admin procedure, called with valid input. */
const adminCalls: Record<string, (api: LiveApi) => Promise<unknown>> = {
  scenarios: (api) => api.client.admin.scenarios.query(),
  simulations: (api) => api.client.admin.simulations.query(),
  startSimulation: (api) =>
    api.client.admin.startSimulation.mutate({ scenario: "goblinAmbush", seed: 7, speed: 50, dm: "bot" }),
  runHeadless: (api) => api.client.admin.runHeadless.mutate({ scenario: "goblinAmbush", seed: 7 }),
  stopSimulation: (api) => api.client.admin.stopSimulation.mutate({ interactionId: "test-000000000000" }),
};

async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call was accepted").toBeInstanceOf(TRPCClientError);
  const { message, data } = error as { message: string; data?: { code?: string; appCode?: string | null } };
  return { code: data?.code, appCode: data?.appCode, message };
}

/** A real session token of `user` with its claims edited (the signature no longer matches). */
async function forgedAdminToken(user: typeof demo.aria): Promise<string> {
  const [header, payload, signature] = (await sessionToken(user)).split(".");
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...claims, role: "admin" })).toString("base64url");
  return [header, forged, signature].join(".");
}

test("a non-admin cannot reach admin test mode through the live server's API", async () => {
  const admin = await liveApiAs(demo.admin);
  const simulationsBefore = await admin.client.admin.simulations.query();

  await test.step("the admin can (so the refusals below are about who asks)", async () => {
    expect(await admin.client.admin.scenarios.query()).toContain("goblinAmbush");
  });

  for (const user of [demo.dm, demo.aria]) {
    await test.step(`${user.name} is refused every admin call with a typed error`, async () => {
      const api = await liveApiAs(user);
      for (const [name, call] of Object.entries(adminCalls)) {
        expect(await refusal(call(api)), name).toEqual({
          code: "FORBIDDEN",
          appCode: "ADMIN_ONLY",
          message: "Only admins may run test mode",
        });
      }
      await api.close();
    });
  }

  await test.step("without a session, or with a forged admin claim, the caller is not signed in", async () => {
    for (const [who, token] of [
      ["no token", null],
      ["forged token", await forgedAdminToken(demo.aria)],
    ] as const) {
      const api = liveApiWithToken(token);
      expect(await refusal(adminCalls.startSimulation!(api)), who).toMatchObject({
        code: "UNAUTHORIZED",
        appCode: "UNAUTHENTICATED",
      });
      await api.close();
    }
  });

  await test.step("none of the refused calls started a simulation", async () => {
    expect(await admin.client.admin.simulations.query()).toEqual(simulationsBefore);
  });
  await admin.close();
});
