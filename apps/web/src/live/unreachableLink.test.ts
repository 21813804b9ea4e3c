import { createServer, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createLiveClient } from "./client";
import { UNREACHABLE_MESSAGE } from "./unreachable";

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

describe("the live client with the live server out of reach", () => {
  it("fails queries and mutations with words instead of holding them, and leaves subscriptions waiting", async () => {
    const live = createLiveClient({
      url: `ws://127.0.0.1:${await closedPort()}`,
      getToken: () => Promise.resolve("token"),
    });
    const subscriptionErrors: unknown[] = [];
    const sub = live.client.interaction.events.subscribe(
      { interactionId: "int_1" },
      { onError: (err) => subscriptionErrors.push(err) },
    );
    try {
      const failures = await Promise.all([
        live.client.admin.scenarios.query().then(
          () => "answered",
          (err: Error) => err.message,
        ),
        live.client.interaction.launch.mutate({ interactionId: "int_1" }).then(
          () => "answered",
          (err: Error) => err.message,
        ),
      ]);
      expect(failures).toEqual([UNREACHABLE_MESSAGE, UNREACHABLE_MESSAGE]);
      // tRPC resubscribes when the socket is back: the table's own state says "reconnecting".
      expect(subscriptionErrors).toEqual([]);
    } finally {
      sub.unsubscribe();
      await live.close();
    }
  });
});
