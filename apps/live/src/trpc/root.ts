import { adminRouter } from "./routers/admin";
import { interactionRouter } from "./routers/interaction";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  interaction: interactionRouter,
  admin: adminRouter,
});

/** The web app imports this type only. */
export type AppRouter = typeof appRouter;
export type { LiveEvent } from "../room/events";
