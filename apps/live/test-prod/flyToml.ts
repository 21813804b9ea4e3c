/**
 * Just enough TOML to read fly.toml: tables, arrays of tables, and `key = value` lines whose
 * value is a string, number, boolean or an array of strings. Anything else is an error.
 */
type Value = string | number | boolean | string[];
export type Table = { [key: string]: Value | Table | Table[] };

function parseValue(raw: string, where: string): Value {
  if (/^".*"$/.test(raw)) return JSON.parse(raw) as string;
  if (/^'.*'$/.test(raw)) return raw.slice(1, -1);
  if (raw === "true" || raw === "false") return raw === "true";
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (/^\[.*\]$/.test(raw)) {
    const items = raw.slice(1, -1).trim();
    if (items === "") return [];
    return items.split(",").map((item) => {
      const v = parseValue(item.trim(), where);
      if (typeof v !== "string") throw new Error(`${where}: only arrays of strings are supported`);
      return v;
    });
  }
  throw new Error(`${where}: unsupported value ${raw}`);
}

/** Strips a trailing comment that is not inside a string. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}

export function parseFlyToml(text: string): Table {
  const root: Table = {};
  let current = root;
  text.split("\n").forEach((raw, i) => {
    const where = `fly.toml line ${i + 1}`;
    const line = stripComment(raw).trim();
    if (line === "") return;
    const arrayTable = /^\[\[([\w.-]+)\]\]$/.exec(line);
    const table = /^\[([\w.-]+)\]$/.exec(line);
    if (arrayTable || table) {
      const path = (arrayTable ?? table)![1]!.split(".");
      let node: Table = root;
      for (const [n, key] of path.entries()) {
        const last = n === path.length - 1;
        const existing = node[key];
        if (last && arrayTable) {
          const list = (Array.isArray(existing) ? existing : []) as Table[];
          const fresh: Table = {};
          list.push(fresh);
          node[key] = list;
          node = fresh;
        } else if (Array.isArray(existing) && typeof existing[0] === "object") {
          node = (existing as Table[]).at(-1)!;
        } else {
          if (existing === undefined) node[key] = {};
          node = node[key] as Table;
        }
      }
      current = node;
      return;
    }
    const kv = /^([\w-]+)\s*=\s*(.+)$/.exec(line);
    if (!kv) throw new Error(`${where}: cannot parse ${JSON.stringify(line)}`);
    current[kv[1]!] = parseValue(kv[2]!.trim(), where);
  });
  return root;
}

function scalar(value: unknown, fallback: string, what: string): string {
  if (value === undefined) return fallback;
  if (typeof value === "string" || typeof value === "number") return String(value);
  throw new Error(`fly.toml: ${what} must be a string or a number`);
}

/** What the production-start test needs from fly.toml, checked for type. */
export function flySettings(text: string) {
  const toml = parseFlyToml(text);
  const service = toml.http_service as Table | undefined;
  if (!service) throw new Error("fly.toml has no [http_service]");
  const env = (toml.env ?? {}) as Record<string, Value>;
  const serviceChecks = ((service.checks ?? []) as Table[]).map((c) => scalar(c.path, "/", "a check's path"));
  const machineChecks = Object.values((toml.checks ?? {}) as Record<string, Table>).map((c) => ({
    path: scalar(c.path, "/", "a check's path"),
    port: Number(c.port),
  }));
  return {
    killSignal: scalar(toml.kill_signal, "SIGINT", "kill_signal"),
    killTimeout: scalar(toml.kill_timeout, "5", "kill_timeout"),
    internalPort: Number(service.internal_port),
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
    serviceChecks,
    machineChecks,
  };
}

/** fly.toml durations: a number of seconds or a string like "35s" / "1m". */
export function seconds(duration: string): number {
  const m = /^(\d+)(s|m)?$/.exec(duration.trim());
  if (!m) throw new Error(`Unsupported duration ${duration}`);
  return Number(m[1]) * (m[2] === "m" ? 60 : 1);
}
