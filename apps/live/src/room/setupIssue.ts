/**
 * Says where in an interaction's setup the engine's schema found a problem, in the DM's words:
 * whose sheet and which item or action, rather than a path like `participants.2.sheet.actions.0`.
 */
export function setupIssueText(setup: unknown, issue: { path: PropertyKey[]; message: string }): string {
  const where = placeOf(setup, issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}

function placeOf(setup: unknown, path: PropertyKey[]): string | null {
  const [top, i, ...rest] = path;
  if (top === "name" && path.length === 1) return "The interaction's name";
  if (top === "participants" && typeof i === "number") {
    const p = at(at(setup, "participants"), i);
    const who = named(at(p, "sheet")) ?? `Participant ${i + 1}`;
    if (rest[0] !== "sheet") return who;
    const [, list, j] = rest;
    if ((list === "inventory" || list === "actions") && typeof j === "number") {
      const entry = at(at(at(p, "sheet"), list), j);
      const kind = list === "inventory" ? "item" : "action";
      return `${who}, ${kind} ${named(entry) ?? j + 1}`;
    }
    return who;
  }
  if (top === "map" && i === "objects" && typeof rest[0] === "number") {
    const o = at(at(at(setup, "map"), "objects"), rest[0]);
    return `The map's ${named(o) ?? `object ${rest[0] + 1}`}`;
  }
  return null;
}

function at(x: unknown, key: string | number): unknown {
  return x !== null && typeof x === "object" ? (x as Record<string | number, unknown>)[key] : undefined;
}

function named(x: unknown): string | null {
  const name = at(x, "name");
  return typeof name === "string" && name.trim() !== "" ? name : null;
}
