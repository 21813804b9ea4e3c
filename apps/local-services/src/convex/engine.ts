import { convexTest } from "convex-test";
import {
  makeFunctionReference,
  type FunctionReference,
  type GenericSchema,
  type SchemaDefinition,
  type UserIdentity,
} from "convex/server";
import { convexToJson, type ConvexError, type JSONValue, type Value } from "convex/values";
import type { ModuleMap } from "./modules";

export type FunctionKind = "query" | "mutation" | "action";

/** A function's outcome as the wire protocols carry it. */
export type UdfOutcome =
  { success: true; value: JSONValue } | { success: false; errorMessage: string; errorData?: JSONValue };

type RegisteredFunction = {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
};

/** convex-test's call signature with the generated API's types erased (paths are runtime strings). */
type RunByReference = (ref: FunctionReference<FunctionKind>, args: Value) => Promise<Value>;

type TestConvex = ReturnType<typeof convexTest>;

/**
 * convex-test's engine behind the checks a deployment makes before running a client's
 * call: the function exists, is public, and is of the requested kind.
 */
export class ConvexEngine {
  readonly t: TestConvex;
  readonly tableNames: readonly string[];
  private readonly root: string;

  constructor(
    schema: SchemaDefinition<GenericSchema, boolean>,
    private readonly modules: ModuleMap,
  ) {
    this.t = convexTest(schema, modules);
    this.tableNames = Object.keys(schema.tables);
    const generated = Object.keys(modules).find((k) => k.includes("/_generated/")) ?? "";
    this.root = generated.split("_generated")[0] ?? "";
  }

  /** Runs a public function for a client; never throws, failures are outcomes. */
  async call(
    kind: FunctionKind,
    udfPath: string,
    args: Value,
    identity: UserIdentity | null,
  ): Promise<UdfOutcome> {
    try {
      const path = canonicalUdfPath(udfPath);
      await this.assertPublic(kind, path);
      const accessor = identity ? this.t.withIdentity(identity) : this.t;
      const run = accessor[kind] as unknown as RunByReference;
      const value = await run(makeFunctionReference<FunctionKind>(path), args ?? {});
      return { success: true, value: convexToJson(value ?? null) };
    } catch (err) {
      return toFailure(err);
    }
  }

  /** Runs an internal (or any) function with admin rights, e.g. the seed mutation. */
  async runInternalMutation(udfPath: string, args: Record<string, Value>): Promise<Value> {
    const run = this.t.mutation as unknown as RunByReference;
    return run(makeFunctionReference<"mutation">(canonicalUdfPath(udfPath)), args);
  }

  /** Whether a module exports a function under this path (e.g. to find `seed:demo`). */
  async hasFunction(udfPath: string): Promise<boolean> {
    try {
      const [mod, name] = splitPath(canonicalUdfPath(udfPath));
      return (await this.loadModule(mod))?.[name] !== undefined;
    } catch {
      return false;
    }
  }

  private async assertPublic(kind: FunctionKind, path: string): Promise<void> {
    const [mod, name] = splitPath(path);
    const fn = (await this.loadModule(mod))?.[name] as RegisteredFunction | undefined;
    const ok =
      fn !== undefined &&
      fn.isPublic === true &&
      (kind === "query" ? fn.isQuery : kind === "mutation" ? fn.isMutation : fn.isAction) === true;
    if (!ok) {
      throw new Error(
        `Could not find public function for '${path}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
      );
    }
  }

  private async loadModule(mod: string): Promise<Record<string, unknown> | undefined> {
    const key = Object.keys(this.modules).find((k) => k.replace(/\.[^./]+$/, "") === this.root + mod);
    if (key === undefined || mod.startsWith("_generated")) return undefined;
    return (await this.modules[key]!()) as Record<string, unknown>;
  }
}

/** "messages:list", "messages.js:list", "dir/file" (default export) → "dir/file:name". */
export function canonicalUdfPath(udfPath: string): string {
  const [mod = "", name = "default"] = udfPath.split(":");
  if (mod === "" || mod.includes("..")) throw new Error(`Invalid function path ${JSON.stringify(udfPath)}`);
  return `${mod.replace(/\.js$/, "")}:${name}`;
}

function splitPath(path: string): [string, string] {
  const [mod = "", name = "default"] = path.split(":");
  return [mod, name];
}

function toFailure(err: unknown): UdfOutcome {
  // By the marker symbol, not instanceof: convex/ may load its own copy of the package.
  if (typeof err === "object" && err !== null && Symbol.for("ConvexError") in err) {
    const data = (err as ConvexError<Value>).data;
    return { success: false, errorMessage: (err as Error).message, errorData: convexToJson(data ?? null) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { success: false, errorMessage: message };
}
