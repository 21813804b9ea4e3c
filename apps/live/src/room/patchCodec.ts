import type { Patch } from "immer";

/**
 * Compact wire form of immer patches, encoded once per audience on the server and decoded in
 * the client before `applyPatches`. A list of patches becomes one flat array:
 *
 *   [opPath, value?, opPath, value?, …]
 *
 * `opPath` is one op character followed by the path joined with "/":
 *   "+" add, "=" replace, "-" remove (no value follows), "*" add and "^" replace of `undefined`
 *   (no value follows, since JSON cannot carry it).
 * Path segments: a number is "#<n>"; a well-known key is "!<code>" (see KEYS); any other string
 * has "~" written "~0" and "/" written "~1", and gets a "~2" prefix when it is empty or starts
 * with "#" or "!". Keys of objects inside values use the same "!<code>" dictionary, and a key
 * that itself starts with "!" or "~" gets a "~" prefix.
 *
 * A move, [{op:"replace",path:["entities","pc1","position"],value:{x:4,y:6}}, …], becomes
 * ["=!e/pc1/!p",{"x":4,"y":6},"+!t/!m",10,"+!t/!s","taken"].
 *
 * decodePatches(encodePatches(p)) deep-equals p for every JSON-compatible immer patch list
 * (property-tested). Both ends must use the same dictionary; it only ever grows at the end.
 */
export type WirePatches = unknown[];

/** Frequent keys of the view, each written as "!" + one character. Append only. */
const KEYS = [
  "entities",
  "position",
  "turn",
  "moved",
  "status",
  "actionUsed",
  "actedBy",
  "log",
  "presence",
  "online",
  "order",
  "map",
  "objects",
  "round",
  "queued",
  "canRollback",
  "canRedo",
  "entityId",
  "startedAt",
  "deadline",
  "remainingMs",
  "bonusUsed",
  "objectUsed",
  "dashed",
  "makeUpFor",
  "resumeAfter",
  "conditions",
  "text",
  "dmOnly",
  "hidden",
  "initiative",
  "missed",
  "makeUps",
  "reactionUsed",
  "tempHp",
  "inventory",
  "equipped",
  "results",
] as const;
/** KEYS[i] is written "!" + ALPHABET[i]. */
const ALPHABET = "etmsAalpoOMjrqRDEbdBkKucTHiNUvIQSXYgnwxyzCFGLPVWZ0123456789";

const CODE_OF = new Map<string, string>();
const KEY_OF = new Map<string, string>();
KEYS.forEach((key, i) => {
  const code = ALPHABET[i]!;
  CODE_OF.set(key, code);
  KEY_OF.set(code, key);
});

function encodeSegment(seg: string | number): string {
  if (typeof seg === "number") return `#${seg}`;
  const code = CODE_OF.get(seg);
  if (code !== undefined) return `!${code}`;
  let s = seg;
  if (s.includes("~")) s = s.replace(/~/g, "~0");
  if (s.includes("/")) s = s.replace(/\//g, "~1");
  const c = s.charCodeAt(0);
  // "" (empty), "#" 35, "!" 33
  return s === "" || c === 35 || c === 33 ? `~2${s}` : s;
}

function decodeSegment(s: string): string | number {
  const c = s.charCodeAt(0);
  if (c === 35) return Number(s.slice(1));
  if (c === 33) {
    const key = KEY_OF.get(s.slice(1));
    if (key === undefined) throw new Error(`Unknown key code ${s}`);
    return key;
  }
  return s.includes("~") ? s.replace(/~[012]/g, (m) => (m === "~0" ? "~" : m === "~1" ? "/" : "")) : s;
}

function encodeKey(k: string): string {
  const code = CODE_OF.get(k);
  if (code !== undefined) return `!${code}`;
  const c = k.charCodeAt(0);
  return c === 33 || c === 126 ? `~${k}` : k;
}

function decodeKey(k: string): string {
  const c = k.charCodeAt(0);
  if (c === 33) {
    const key = KEY_OF.get(k.slice(1));
    if (key === undefined) throw new Error(`Unknown key code ${k}`);
    return key;
  }
  return c === 126 ? k.slice(1) : k;
}

/** Sets an own property, "__proto__" included (a plain assignment would change the prototype). */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === "__proto__")
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

function encodeValue(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = encodeValue(v[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) put(out, encodeKey(k), encodeValue(x));
  }
  return out;
}

function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = decodeValue(v[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>)
    put(out, decodeKey(k), decodeValue((v as Record<string, unknown>)[k]));
  return out;
}

export function encodePatches(patches: readonly Patch[]): WirePatches {
  const out: unknown[] = [];
  for (const p of patches) {
    let path = "";
    for (let i = 0; i < p.path.length; i++) path += (i === 0 ? "" : "/") + encodeSegment(p.path[i]!);
    if (p.op === "remove") out.push(`-${path}`);
    else if (p.value === undefined) out.push(`${p.op === "add" ? "*" : "^"}${path}`);
    else out.push(`${p.op === "add" ? "+" : "="}${path}`, encodeValue(p.value));
  }
  return out;
}

export function decodePatches(wire: WirePatches): Patch[] {
  const out: Patch[] = [];
  for (let i = 0; i < wire.length; i++) {
    const head = wire[i];
    if (typeof head !== "string" || head.length === 0) throw new Error("Malformed patch list");
    const op = head[0];
    const rest = head.slice(1);
    const path = rest === "" ? [] : rest.split("/").map(decodeSegment);
    switch (op) {
      case "-":
        out.push({ op: "remove", path });
        break;
      case "*":
        out.push({ op: "add", path, value: undefined });
        break;
      case "^":
        out.push({ op: "replace", path, value: undefined });
        break;
      case "+":
      case "=":
        if (i + 1 >= wire.length) throw new Error("Malformed patch list: missing value");
        out.push({ op: op === "+" ? "add" : "replace", path, value: decodeValue(wire[++i]) });
        break;
      default:
        throw new Error(`Malformed patch list: op ${op}`);
    }
  }
  return out;
}
