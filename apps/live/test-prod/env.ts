/**
 * The only place the production-start test reads process.env: the host's environment, which
 * RUN steps inherit (npm needs PATH, HOME and its cache) and whose PATH the server gets.
 */
export function hostEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}
