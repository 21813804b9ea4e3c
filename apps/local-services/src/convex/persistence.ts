import { readFile } from "node:fs/promises";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { writeFileAtomic } from "../atomic-write";
import type { ConvexEngine } from "./engine";

/** The on-disk form of the local Convex: every document of every schema table. */
export type DataFile = { format: 1; savedAt: string; tables: Record<string, JSONValue[]> };

/** convex-test's first document id number (DatabaseFake._nextDocId); checked on every insert. */
const FIRST_ID_COUNTER = 10_000;

type Doc = Record<string, Value> & { _id: string; _creationTime: number };

/** `carried` holds tables of the file the schema no longer has, kept so nothing is lost. */
export async function dumpTables(
  engine: ConvexEngine,
  carried: Record<string, JSONValue[]> = {},
): Promise<DataFile> {
  const tables: Record<string, JSONValue[]> = { ...carried };
  await engine.t.run(async (ctx) => {
    for (const name of engine.tableNames) {
      const docs = await ctx.db.query(name as never).collect();
      tables[name] = docs.map((d) => convexToJson(d as Value));
    }
  });
  return { format: 1, savedAt: new Date().toISOString(), tables };
}

export async function readDataFile(path: string): Promise<DataFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const data = JSON.parse(text) as DataFile;
  if (data.format !== 1 || typeof data.tables !== "object")
    throw new Error(`${path} is not a local Convex data file`);
  return data;
}

/**
 * Loads a dump into an empty engine with the same `_id`s and `_creationTime`s, so references
 * between documents (and ids clients hold) survive a restart. convex-test numbers ids from one
 * counter across tables; the gaps left by deleted documents are re-created by storing and
 * deleting a throw-away file, and the clock is pinned to each document's creation time while
 * it is inserted. Tables the schema no longer has are left out (see `tablesNotInSchema`).
 */
export async function restoreTables(engine: ConvexEngine, data: DataFile): Promise<number> {
  const docs: { table: string; doc: Doc; counter: number }[] = [];
  for (const table of engine.tableNames) {
    for (const json of data.tables[table] ?? []) {
      const doc = jsonToConvex(json) as Doc;
      docs.push({ table, doc, counter: idCounter(doc._id, table) });
    }
  }
  docs.sort((a, b) => a.counter - b.counter);
  const realNow = Date.now;
  // convex-test stamps inserts with Date.now(), nudged up to stay increasing; pinning the clock
  // to the previous document's time for filler inserts keeps every original stamp reachable.
  let clock = 0;
  Date.now = () => clock;
  try {
    await engine.t.run(async (ctx) => {
      const burnId = async () => {
        const id = await ctx.storage.store(new Blob([]));
        await ctx.storage.delete(id);
        return idCounter(id, "_storage");
      };
      let next = FIRST_ID_COUNTER;
      for (const { table, doc, counter } of docs) {
        if (counter < next) throw new Error(`Cannot restore ${doc._id}: id counter already passed`);
        while (next < counter) next = (await burnId()) + 1;
        const { _id, _creationTime, ...fields } = doc;
        clock = _creationTime;
        const id: string = await ctx.db.insert(table as never, fields);
        if (id !== _id) throw new Error(`Restored ${_id} as ${String(id)}: convex-test's id scheme changed`);
        next = counter + 1;
      }
      // Back to the real clock before the commit, which stamps it with BigInt(Date.now()).
      Date.now = realNow;
    });
  } finally {
    Date.now = realNow;
  }
  return docs.length;
}

export function tablesNotInSchema(engine: ConvexEngine, data: DataFile): Record<string, JSONValue[]> {
  return Object.fromEntries(
    Object.entries(data.tables).filter(([name]) => !engine.tableNames.includes(name)),
  );
}

function idCounter(id: string, table: string): number {
  const counter = id.endsWith(table) ? Number(id.slice(0, id.length - table.length)) : NaN;
  if (!Number.isSafeInteger(counter))
    throw new Error(`Unexpected document id ${JSON.stringify(id)} in table ${table}`);
  return counter;
}

/**
 * Saves the data file a short while after commits (coalescing bursts), atomically; a failed
 * write is retried with backoff rather than dropped.
 */
export class DataFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;
  private failures = 0;

  constructor(
    private readonly path: string,
    private readonly engine: ConvexEngine,
    private readonly delayMs = 200,
    private readonly log: (message: string) => void = () => {},
    private readonly carried: Record<string, JSONValue[]> = {},
  ) {}

  markDirty(): void {
    this.dirty = true;
    this.schedule(this.delayMs);
  }

  /** Writes now if anything changed since the last save (waits for a write in progress). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    if (this.dirty) await this.write();
  }

  private schedule(delay: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, delay);
  }

  private write(): Promise<void> {
    if (this.writing) return this.writing.then(() => (this.dirty ? this.write() : undefined));
    this.dirty = false;
    this.writing = (async () => {
      try {
        const data = await dumpTables(this.engine, this.carried);
        await writeFileAtomic(this.path, JSON.stringify(data));
        this.failures = 0;
      } catch (err) {
        this.dirty = true;
        this.failures += 1;
        const retryMs = Math.min(30_000, this.delayMs * 2 ** this.failures);
        this.log(
          `local-convex: saving ${this.path} failed (${(err as Error).message}); retrying in ${retryMs} ms`,
        );
        this.schedule(retryMs);
      } finally {
        this.writing = undefined;
      }
    })();
    return this.writing;
  }
}
