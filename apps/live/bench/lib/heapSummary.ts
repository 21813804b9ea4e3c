// Heap snapshot of this process, summarized by what the objects are (constructor or closure
// name; strings, arrays, code and system objects by kind): count and self bytes. For finding
// what a room or a connection keeps (bench/lib/memoryProbe.ts diffs two of these).
import { getHeapSnapshot } from "node:v8";

export type HeapSummary = Record<string, { count: number; bytes: number }>;

export async function heapSummary(): Promise<HeapSummary> {
  const chunks: string[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk));
  const snap = JSON.parse(chunks.join("")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf("type");
  const iName = fields.indexOf("name");
  const iSize = fields.indexOf("self_size");
  const out: HeapSummary = {};
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]!] ?? "?";
    const size = snap.nodes[i + iSize]!;
    let key: string;
    if (type === "object" || type === "closure" || type === "native")
      key = `${type}:${snap.strings[snap.nodes[i + iName]!] ?? "?"}`;
    else if (type === "string" || type === "concatenated string" || type === "sliced string")
      key = "(strings)";
    else
      key =
        `(${type}) ${type === "array" || type === "hidden" ? (snap.strings[snap.nodes[i + iName]!] ?? "") : ""}`.trim();
    const e = (out[key] ??= { count: 0, bytes: 0 });
    e.count++;
    e.bytes += size;
  }
  return out;
}
