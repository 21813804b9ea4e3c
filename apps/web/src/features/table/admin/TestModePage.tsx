import { useMutation, useQuery } from "@tanstack/react-query";
import { Bot, Eye, FlaskConical, Play, Square } from "lucide-react";
import { useRef, useState } from "react";
import { useUser } from "../../../auth";
import { PageHeader } from "../../../components/PageHeader";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { Badge } from "../../../components/ui/badge";
import { Button } from "../../../components/ui/button";
import { Field } from "../../../components/ui/field";
import { Input } from "../../../components/ui/input";
import { NativeSelect } from "../../../components/ui/native-select";
import { errorMessage } from "../../../lib/errors";
import { useTRPC } from "../../../live/trpc";
import { useLiveModal } from "../../live/live-modal-store";
import { CommandError } from "../CommandError";
import { SimulationReport } from "./SimulationReport";
import { scenarioLabel, simulationName, simulationStatusLabels, winnerText } from "./simulation-text";

type Form = {
  scenario: string;
  dm: "bot" | "human";
  players: "sensible" | "random" | "human";
  seed: string;
  speed: string;
  maxRounds: string;
};
type Errors = Partial<Record<"seed" | "speed" | "maxRounds" | "scenario", string>>;

function validate(f: Form): Errors {
  const e: Errors = {};
  if (!f.scenario) e.scenario = "Pick a scenario.";
  if (f.seed.trim() !== "") {
    const n = Number(f.seed);
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1)
      e.seed = "A whole number from 0 to 2147483647, or empty for a random seed.";
  }
  const speed = Number(f.speed);
  if (f.speed.trim() === "" || !Number.isFinite(speed) || speed < 0.1 || speed > 1000)
    e.speed = "Between 0.1 and 1000 (1 = one bot command a second).";
  const rounds = Number(f.maxRounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100) e.maxRounds = "A whole number from 1 to 100.";
  return e;
}

/**
 * Admin test mode: start a simulated interaction from a scenario with bots in the chosen seats,
 * watch it in the live modal, stop it, and read its report. Hidden from everyone but admins
 * (and the live server refuses them anyway).
 */
export function TestModePage() {
  const user = useUser();
  if (user.role !== "admin") {
    return (
      <>
        <PageHeader title="Test mode" />
        <ErrorState
          title="Admins only"
          message="Test mode is for admins. Ask an admin if you need a simulated interaction."
        />
      </>
    );
  }
  return <AdminTestMode />;
}

function AdminTestMode() {
  const trpc = useTRPC();
  const scenarios = useQuery(trpc.admin.scenarios.queryOptions());
  const sims = useQuery(trpc.admin.simulations.queryOptions(undefined, { refetchInterval: 1_000 }));
  const start = useMutation(
    trpc.admin.startSimulation.mutationOptions({ onSuccess: () => void sims.refetch() }),
  );
  const stop = useMutation(
    trpc.admin.stopSimulation.mutationOptions({ onSuccess: () => void sims.refetch() }),
  );
  const headless = useMutation(trpc.admin.runHeadless.mutationOptions());
  const show = useLiveModal((s) => s.show);
  const [form, setForm] = useState<Form>({
    scenario: "goblinAmbush",
    dm: "bot",
    players: "sensible",
    seed: "",
    speed: "1",
    maxRounds: "20",
  });
  const [errors, setErrors] = useState<Errors>({});
  /** The form's last action: only its error shows, never a stale one from the other button. */
  const [lastAction, setLastAction] = useState<"live" | "headless" | null>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const formRef = useRef<HTMLFormElement>(null);

  const submit = (mode: "live" | "headless") => {
    const e = validate(form);
    setErrors(e);
    if (Object.keys(e).length > 0) {
      // As the app's other forms do (useFormSubmit): land on the first field to fix, once it is marked.
      const formElement = formRef.current;
      requestAnimationFrame(() => formElement?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    const scenario = form.scenario as "goblinAmbush";
    const seed = form.seed.trim() === "" ? undefined : Number(form.seed);
    const maxRounds = Number(form.maxRounds);
    setLastAction(mode);
    if (mode === "live") {
      start.mutate(
        {
          scenario,
          speed: Number(form.speed),
          dm: form.dm,
          players: form.players,
          maxRounds,
          ...(seed !== undefined ? { seed } : {}),
        },
        { onSuccess: (sim) => show(sim.interactionId, `Simulation: ${scenarioLabel(sim.scenario)}`) },
      );
    } else {
      headless.mutate({
        scenario,
        players: form.players === "human" ? "sensible" : form.players,
        maxRounds,
        ...(seed !== undefined ? { seed } : {}),
      });
    }
  };

  return (
    <>
      <PageHeader title="Test mode" description="Simulated interactions played by bots, for admins." />
      <form
        ref={formRef}
        aria-label="New simulation"
        className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2 lg:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          submit("live");
        }}
      >
        <Field label="Scenario" error={errors.scenario}>
          {(p) => (
            <NativeSelect {...p} value={form.scenario} onChange={(e) => set("scenario", e.target.value)}>
              {(scenarios.data ?? [form.scenario]).map((s) => (
                <option key={s} value={s}>
                  {scenarioLabel(s)}
                </option>
              ))}
            </NativeSelect>
          )}
        </Field>
        <Field label="DM seat">
          {(p) => (
            <NativeSelect {...p} value={form.dm} onChange={(e) => set("dm", e.target.value as Form["dm"])}>
              <option value="bot">Bot</option>
              <option value="human">Me (by hand)</option>
            </NativeSelect>
          )}
        </Field>
        <Field label="Player seats">
          {(p) => (
            <NativeSelect
              {...p}
              value={form.players}
              onChange={(e) => set("players", e.target.value as Form["players"])}
            >
              <option value="sensible">Sensible bots</option>
              <option value="random">Random bots</option>
              <option value="human">Me (by hand)</option>
            </NativeSelect>
          )}
        </Field>
        <Field
          label="Seed"
          hint="Empty for a random seed; the same seed replays the same game."
          error={errors.seed}
        >
          {(p) => (
            <Input
              {...p}
              inputMode="numeric"
              value={form.seed}
              onChange={(e) => set("seed", e.target.value)}
            />
          )}
        </Field>
        <Field label="Speed" hint="Bot commands per second; turn timers scale with it." error={errors.speed}>
          {(p) => (
            <Input
              {...p}
              inputMode="decimal"
              value={form.speed}
              onChange={(e) => set("speed", e.target.value)}
            />
          )}
        </Field>
        <Field label="Max rounds" error={errors.maxRounds}>
          {(p) => (
            <Input
              {...p}
              inputMode="numeric"
              value={form.maxRounds}
              onChange={(e) => set("maxRounds", e.target.value)}
            />
          )}
        </Field>
        <div className="flex flex-wrap items-center gap-2 sm:col-span-2 lg:col-span-3">
          <Button type="submit" disabled={start.isPending}>
            <Play aria-hidden /> Start simulation
          </Button>
          <Button
            variant="outline"
            disabled={headless.isPending}
            aria-describedby="headless-seats"
            onClick={() => submit("headless")}
          >
            <Bot aria-hidden /> {headless.isPending ? "Running…" : "Run headless to a report"}
          </Button>
          <span id="headless-seats" className="text-sm text-muted-foreground">
            A headless run is played by bots in every seat; a seat set to “Me” gets a bot (sensible bots for
            players).
          </span>
          <CommandError
            id="start-sim-error"
            error={
              lastAction === "live" && start.error
                ? errorMessage(start.error)
                : lastAction === "headless" && headless.error
                  ? errorMessage(headless.error)
                  : null
            }
            className="w-full"
          />
        </div>
      </form>

      {headless.data && <SimulationReport report={headless.data} />}

      <section aria-labelledby="sims-heading" className="mt-6 grid gap-3">
        <h2 id="sims-heading" className="text-lg font-semibold">
          Simulations
        </h2>
        {sims.isPending ? (
          <LoadingState label="Loading simulations" />
        ) : sims.isError ? (
          <ErrorState message={errorMessage(sims.error)} onRetry={() => void sims.refetch()} />
        ) : sims.data.length === 0 ? (
          <EmptyState
            title="No simulations yet"
            description="Start one above; it appears here while it runs and after it ends."
          />
        ) : (
          <ul className="grid gap-2">
            {[...sims.data].reverse().map((s) => (
              <li
                key={s.interactionId}
                className="grid gap-2 rounded-lg border p-3 text-sm"
                aria-label={simulationName(s)}
              >
                <div className="flex flex-wrap items-center gap-2">
                  <FlaskConical className="size-4" aria-hidden />
                  <span className="font-medium">{scenarioLabel(s.scenario)}</span>
                  <Badge variant={s.status === "running" ? "success" : "outline"}>
                    {simulationStatusLabels[s.status]}
                  </Badge>
                  <span className="text-muted-foreground">
                    seed {s.seed}, speed {s.speed}×, DM {s.seats.dm}, players {s.seats.players}
                  </span>
                </div>
                <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
                  <Stat label="Round" value={s.round} />
                  <Stat label="Turns" value={s.turns} />
                  <Stat label="Timeouts" value={s.timeouts} />
                  <Stat label="Snapshots written" value={s.snapshotsWritten} />
                  {/* The driver counts its bots' commands; an admin's own go through the room uncounted. */}
                  <Stat label="Bot commands" value={s.commands} />
                  <Stat label="Bot errors (rejected)" value={s.rejected} />
                  <Stat label="Winner" value={winnerText(s.scenario, s.winner)} />
                  <Stat
                    label="Duration"
                    value={s.endedAt ? `${Math.round((s.endedAt - s.startedAt) / 1000)} s` : "running"}
                  />
                </dl>
                <div className="flex flex-wrap gap-2">
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={() => show(s.interactionId, `Simulation: ${scenarioLabel(s.scenario)}`)}
                    disabled={s.status !== "running"}
                    aria-label={`Watch ${simulationName(s)}`}
                  >
                    <Eye aria-hidden /> Watch
                  </Button>
                  <Button
                    size="sm"
                    variant="destructive"
                    disabled={s.status !== "running" || stop.isPending}
                    onClick={() => stop.mutate({ interactionId: s.interactionId })}
                    aria-label={`Stop ${simulationName(s)}`}
                  >
                    <Square aria-hidden /> Stop
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
        <CommandError id="stop-sim-error" error={stop.error ? errorMessage(stop.error) : null} />
      </section>
    </>
  );
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="font-medium tabular-nums">{value}</dd>
    </div>
  );
}
