import type { GameMap, Position } from "@roundtable/live/engine";
import { useRef, useState, type KeyboardEvent } from "react";
import { cn } from "../../lib/utils";
import { cellKey, objectKindLabels } from "./map-model";

export type MapToken = {
  key: string;
  name: string;
  short: string;
  side: "party" | "enemy" | "neutral";
  position: Position;
};

// Sides differ in shape as well as colour: party round, enemies square, neutrals outlined.
const sideClasses: Record<MapToken["side"], string> = {
  party: "rounded-full bg-primary text-primary-foreground",
  enemy: "rounded-[3px] bg-destructive text-destructive-foreground",
  neutral: "rounded-full border-2 border-dashed border-foreground/70 bg-secondary text-secondary-foreground",
};

const objectGlyph = { door: "D", chest: "C", lever: "L", trap: "T" } as const;

/**
 * The map as a keyboard-operable grid: arrow keys move between cells (one tab stop), Enter
 * or Space applies the current tool. Every cell's name says what is on it, so nothing is told
 * by colour alone.
 */
export function MapGrid({
  map,
  tokens,
  onCellActivate,
  label,
}: {
  map: GameMap;
  tokens: MapToken[];
  onCellActivate: (p: Position) => void;
  label: string;
}) {
  const [focus, setFocus] = useState<Position>({ x: 0, y: 0 });
  const gridRef = useRef<HTMLDivElement>(null);
  const blocked = new Set(map.blocked.map(cellKey));
  const difficult = new Set(map.difficult.map(cellKey));
  const tokenAt = new Map(tokens.map((t) => [cellKey(t.position), t]));
  const objectAt = new Map(map.objects.map((o) => [cellKey(o.position), o]));
  const fx = Math.min(focus.x, map.width - 1);
  const fy = Math.min(focus.y, map.height - 1);

  function move(e: KeyboardEvent) {
    const deltas: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    let next: Position | null = null;
    const d = deltas[e.key];
    if (d)
      next = {
        x: Math.max(0, Math.min(map.width - 1, fx + d[0])),
        y: Math.max(0, Math.min(map.height - 1, fy + d[1])),
      };
    if (e.key === "Home") next = { x: 0, y: fy };
    if (e.key === "End") next = { x: map.width - 1, y: fy };
    if (!next) return;
    e.preventDefault();
    setFocus(next);
    gridRef.current?.querySelector<HTMLButtonElement>(`[data-cell="${cellKey(next)}"]`)?.focus();
  }

  return (
    <div className="max-w-full overflow-auto rounded-md border p-1">
      <div
        ref={gridRef}
        role="grid"
        aria-label={label}
        aria-rowcount={map.height}
        aria-colcount={map.width}
        onKeyDown={move}
        className="inline-grid gap-px"
      >
        {Array.from({ length: map.height }, (_, y) => (
          <div role="row" key={y} aria-rowindex={y + 1} className="flex gap-px">
            {Array.from({ length: map.width }, (_, x) => {
              const key = `${x},${y}`;
              const token = tokenAt.get(key);
              const object = objectAt.get(key);
              const isBlocked = blocked.has(key);
              const isDifficult = difficult.has(key);
              const contents = [
                token && `${token.name} (${token.side})`,
                object && `${objectKindLabels[object.kind]} ${object.name}`,
                isBlocked && "blocked",
                isDifficult && "difficult terrain",
              ].filter(Boolean);
              return (
                <div role="gridcell" key={x} aria-colindex={x + 1}>
                  <button
                    type="button"
                    data-cell={key}
                    tabIndex={x === fx && y === fy ? 0 : -1}
                    aria-label={`Cell ${x}, ${y}${contents.length ? `: ${contents.join(", ")}` : ""}`}
                    onFocus={() => setFocus({ x, y })}
                    onClick={() => onCellActivate({ x, y })}
                    className={cn(
                      "relative flex size-8 items-center justify-center rounded-sm border text-[11px] font-bold outline-none focus-visible:z-10 focus-visible:ring-2 focus-visible:ring-ring",
                      isBlocked
                        ? "border-foreground/60 bg-foreground/70 text-background"
                        : isDifficult
                          ? "border-warning/60 bg-warning/15"
                          : "bg-card hover:bg-accent",
                    )}
                  >
                    {isBlocked && !token && (
                      <span aria-hidden className="text-xs">
                        ✕
                      </span>
                    )}
                    {isDifficult && !token && !object && (
                      <span aria-hidden className="text-warning">
                        ≈
                      </span>
                    )}
                    {object && !token && <span aria-hidden>{objectGlyph[object.kind]}</span>}
                    {token && (
                      <span
                        aria-hidden
                        className={cn("flex size-6 items-center justify-center", sideClasses[token.side])}
                      >
                        {token.short}
                      </span>
                    )}
                  </button>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
