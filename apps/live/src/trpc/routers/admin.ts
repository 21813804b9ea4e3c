import type { TRPCRouterRecord } from "@trpc/server";
import { scenarios } from "../../engine";
import { HeadlessInput, SimulationIdInput, StartSimulationInput } from "../../room/simulations";
import { adminProcedure, checked } from "../trpc";

/** Test mode (admins only). Watch a simulation with `interaction.events` on its id. */
export const adminRouter = {
  scenarios: adminProcedure.query(() => Object.keys(scenarios)),
  simulations: adminProcedure.query(({ ctx }) => ctx.deps.simulations.list()),
  startSimulation: adminProcedure
    .input(checked(StartSimulationInput))
    .mutation(({ ctx, input }) =>
      ctx.deps.simulations.start(input, ctx.session, ctx.deps.settings.maxSimulations),
    ),
  stopSimulation: adminProcedure
    .input(checked(SimulationIdInput))
    .mutation(({ ctx, input }) => ctx.deps.simulations.stop(input.interactionId)),
  runHeadless: adminProcedure
    .input(checked(HeadlessInput))
    .mutation(({ ctx, input }) => ctx.deps.simulations.runHeadless(input)),
} satisfies TRPCRouterRecord;
