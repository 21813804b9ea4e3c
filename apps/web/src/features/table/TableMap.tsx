import {
  blocksCell,
  type Entity,
  type MapObject,
  type Position,
  type ViewState,
} from "@roundtable/live/engine";
import { AlertTriangle, DoorClosed, DoorOpen, Package, ToggleLeft, X } from "lucide-react";
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "../../lib/utils";
import {
  attitudeText,
  cellText,
  hpText,
  isActive,
  key,
  objectState,
  signed,
  type Reach,
  type Seat,
  type Trap,
} from "./model";

export type MapMode = "inspect" | "move" | "target" | "point";

/** A cell of the map; `objects` all those on it, the one that blocks it (if any) first. */
type CellInfo = { p: Position; entity?: Entity; objects?: MapObject[]; blocked: boolean; difficult: boolean };

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");

/** What a move there sets off (the path goes round known armed traps when the movement allows). */
const overTraps = (traps: Trap[]): string =>
  traps.length === 0 ? "" : `, sets off the ${traps.map((t) => t.name).join(" and the ")}`;

/**
 * The battle map as an ARIA grid: one tab stop, arrow keys move between cells, Enter or Space
 * acts on the focused cell (move there, pick the creature there, or centre an area on it).
 * Every cell names what is on it, so nothing depends on colour or on seeing the map.
 */
export function TableMap({
  view,
  seat,
  mode,
  reach,
  selected,
  point,
  focusEntityId,
  onActivate,
}: {
  view: ViewState;
  seat: Seat;
  mode: MapMode;
  reach: Reach;
  selected: ReadonlySet<string>;
  point: Position | null;
  focusEntityId: string | null;
  onActivate: (cell: CellInfo) => void;
}) {
  const cells = useMemo(() => {
    const blocked = new Set(view.map.blocked.map(key));
    const difficult = new Set(view.map.difficult.map(key));
    const byCell = new Map<string, Entity>();
    // The standing creature wins a shared cell over the fallen.
    for (const e of Object.values(view.entities))
      if (!byCell.has(key(e.position)) || isActive(e)) byCell.set(key(e.position), e);
    const objects = new Map<string, MapObject[]>();
    for (const o of Object.values(view.map.objects)) {
      const here = objects.get(key(o.position));
      if (!here) objects.set(key(o.position), [o]);
      // a chest in an open doorway: the chest is what stops a creature, so it shows
      else if (blocksCell(o)) here.unshift(o);
      else here.push(o);
    }
    const rows: CellInfo[][] = [];
    for (let y = 0; y < view.map.height; y++) {
      const row: CellInfo[] = [];
      for (let x = 0; x < view.map.width; x++) {
        const k = `${x},${y}`;
        const entity = byCell.get(k);
        const here = objects.get(k);
        row.push({
          p: { x, y },
          blocked: blocked.has(k),
          difficult: difficult.has(k),
          ...(entity ? { entity } : {}),
          ...(here ? { objects: here } : {}),
        });
      }
      rows.push(row);
    }
    return rows;
  }, [view.map, view.entities]);

  const start = focusEntityId ? view.entities[focusEntityId]?.position : undefined;
  const [focus, setFocus] = useState<Position>(start ?? { x: 0, y: 0 });
  const gridRef = useRef<HTMLDivElement>(null);
  // When the seat's creature comes up, the tab stop moves to its token, unless the keyboard is in
  // the map: someone arrowing around it keeps their place while others act.
  const startFor = useRef(focusEntityId);
  useLayoutEffect(() => {
    if (startFor.current === focusEntityId) return;
    startFor.current = focusEntityId;
    if (start && !gridRef.current?.contains(document.activeElement)) setFocus(start);
  }, [focusEntityId, start]);

  const moveFocus = (p: Position) => {
    const next = {
      x: Math.min(view.map.width - 1, Math.max(0, p.x)),
      y: Math.min(view.map.height - 1, Math.max(0, p.y)),
    };
    setFocus(next);
    gridRef.current?.querySelector<HTMLElement>(`[data-cell="${next.x},${next.y}"]`)?.focus();
  };

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, Position> = {
      ArrowUp: { x: focus.x, y: focus.y - 1 },
      ArrowDown: { x: focus.x, y: focus.y + 1 },
      ArrowLeft: { x: focus.x - 1, y: focus.y },
      ArrowRight: { x: focus.x + 1, y: focus.y },
      Home: { x: 0, y: focus.y },
      End: { x: view.map.width - 1, y: focus.y },
    };
    const to = moves[ev.key];
    if (to) {
      ev.preventDefault();
      moveFocus(to);
    } else if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      const cell = cells[focus.y]?.[focus.x];
      if (cell) onActivate(cell);
    }
  };

  const label = (c: CellInfo): string => {
    const parts = [cellText(c.p)];
    if (c.entity) {
      const e = c.entity;
      const side = e.side === "party" ? "ally" : e.side === "enemy" ? "enemy" : "neutral";
      parts.push(
        `${e.name} (${side}${e.id === focusEntityId ? ", acting" : ""}${e.hidden ? ", hidden from players" : ""}), ${hpText(e, seat)}`,
      );
      const attitude = attitudeText(e);
      if (attitude) parts.push(attitude);
      if (selected.has(e.id)) parts.push("selected target");
    }
    for (const o of c.objects ?? []) parts.push(`${o.name}: ${objectState(o)}`);
    if (c.blocked) parts.push("wall");
    if (c.difficult) parts.push("difficult terrain");
    const r = reach.get(key(c.p));
    if (mode === "move" && r) parts.push(`reachable, ${r.cost} ft${overTraps(r.traps)}`);
    if (point && point.x === c.p.x && point.y === c.p.y) parts.push("area centre");
    return parts.join("; ");
  };

  const trapped = mode === "move" && [...reach.values()].some((r) => r.traps.length > 0);
  const modeHint =
    mode === "move"
      ? `Move: pick a reachable cell (marked with a dot).${trapped ? " A cell marked ! is only reached over an armed trap, which goes off." : ""}`
      : mode === "target"
        ? "Pick targets: choose creatures on the map."
        : mode === "point"
          ? "Pick the centre of the area."
          : "Arrow keys move between cells.";

  return (
    <div className="grid gap-1">
      <p id="map-hint" className="text-xs text-muted-foreground">
        {modeHint}
      </p>
      <div className="max-w-full overflow-auto rounded-md border">
        <div
          ref={gridRef}
          role="grid"
          aria-label="Battle map"
          aria-describedby="map-hint"
          aria-rowcount={view.map.height}
          aria-colcount={view.map.width}
          onKeyDown={onKeyDown}
          className="inline-grid"
          style={{ gridTemplateColumns: `repeat(${view.map.width}, 2rem)` }}
        >
          {cells.map((row, y) => (
            <div role="row" key={y} aria-rowindex={y + 1} className="contents">
              {row.map((c) => {
                const k = key(c.p);
                const r = reach.get(k);
                const focused = focus.x === c.p.x && focus.y === c.p.y;
                const isPoint = point?.x === c.p.x && point.y === c.p.y;
                return (
                  <div
                    role="gridcell"
                    key={k}
                    data-cell={k}
                    aria-colindex={c.p.x + 1}
                    aria-label={label(c)}
                    aria-selected={c.entity ? selected.has(c.entity.id) : undefined}
                    tabIndex={focused ? 0 : -1}
                    onClick={() => {
                      setFocus(c.p);
                      onActivate(c);
                    }}
                    onFocus={() => setFocus(c.p)}
                    className={cn(
                      "relative flex size-8 items-center justify-center border-r border-b border-border/60 text-[10px] outline-none select-none focus-visible:z-10 focus-visible:ring-2 focus-visible:ring-ring",
                      c.blocked &&
                        "bg-muted-foreground/40 bg-[repeating-linear-gradient(45deg,transparent,transparent_3px,rgb(0_0_0/0.25)_3px,rgb(0_0_0/0.25)_5px)]",
                      c.difficult &&
                        !c.blocked &&
                        "bg-[radial-gradient(circle,rgb(120_120_120/0.35)_1px,transparent_1.5px)] bg-[length:6px_6px]",
                      mode === "move" && r && "cursor-pointer bg-primary/15",
                      isPoint && "ring-2 ring-primary ring-inset",
                    )}
                  >
                    {mode === "move" && r && !c.entity && r.traps.length === 0 && (
                      <span className="size-1.5 rounded-full bg-foreground/70" aria-hidden />
                    )}
                    {mode === "move" && r && !c.entity && r.traps.length > 0 && (
                      <span
                        className="absolute top-0 right-0 rounded-sm bg-warning px-0.5 text-[9px] leading-tight font-bold text-background"
                        aria-hidden
                      >
                        !
                      </span>
                    )}
                    {c.objects?.[0] && <ObjectIcon o={c.objects[0]} />}
                    {c.entity && (
                      <Token
                        e={c.entity}
                        acting={c.entity.id === focusEntityId}
                        selected={selected.has(c.entity.id)}
                      />
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

function Token({ e, acting, selected }: { e: Entity; acting: boolean; selected: boolean }) {
  const down = !isActive(e);
  return (
    <span
      aria-hidden
      className={cn(
        "absolute inset-0.5 flex items-center justify-center border-2 font-bold",
        // Shape says the side (circle: party, diamond: enemy, square: neutral), not just colour.
        e.side === "party" &&
          "rounded-full border-sky-700 bg-sky-100 text-sky-950 dark:border-sky-300 dark:bg-sky-950 dark:text-sky-50",
        e.side === "enemy" &&
          "rotate-45 rounded-sm border-red-800 bg-red-100 text-red-950 dark:border-red-300 dark:bg-red-950 dark:text-red-50",
        e.side === "neutral" &&
          "rounded-sm border-amber-800 bg-amber-100 text-amber-950 dark:border-amber-300 dark:bg-amber-950 dark:text-amber-50",
        acting && "outline-2 outline-offset-1 outline-foreground",
        selected && "ring-2 ring-primary ring-offset-1",
        down && "opacity-60",
        e.hidden && "border-dashed opacity-80",
      )}
    >
      <span className={cn(e.side === "enemy" && "-rotate-45")}>{initials(e.name)}</span>
      {/* the attitude at a glance (the cell's label says it in words) */}
      {e.attitude !== undefined && (
        <span className="absolute -right-1 -bottom-1 rounded-sm border bg-background px-0.5 text-[8px] leading-none text-foreground">
          {signed(e.attitude)}
        </span>
      )}
      {down && <X className="absolute size-5" />}
    </span>
  );
}

function ObjectIcon({ o }: { o: MapObject }) {
  const cls = "size-4";
  if (o.kind === "door")
    return o.open ? <DoorOpen className={cls} aria-hidden /> : <DoorClosed className={cls} aria-hidden />;
  if (o.kind === "chest") return <Package className={cls} aria-hidden />;
  if (o.kind === "lever") return <ToggleLeft className={cn(cls, o.on && "rotate-180")} aria-hidden />;
  return <AlertTriangle className={cls} aria-hidden />;
}

export type { CellInfo };
