/**
 * A config loaded without reading its `{ env }` and `{ file }` credentials (`loadConfig`'s
 * `readSecrets: false`, as `corun history`, `status`, `submit` and `schedule --db` / `--shared`
 * load it) holds a placeholder in
 * each such field: it may be looked at (its output directory, its queue, its URLs) but never run,
 * or a server would get the placeholder, or no credential, where the config says to send one. This
 * is the one place that rule is kept: `run` refuses such a spec before anything is opened or sent.
 * @module
 */
import type { ConfigSpec } from "./spec.ts";

/**
 * A run refused because its config was loaded without its credentials.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { loadConfig, run, SecretsNotReadError } from "@corun/corun";
 * const path = await Deno.makeTempFile({ suffix: ".yaml" });
 * await Deno.writeTextFile(
 *   path,
 *   "tasks:\n  - name: report\n    fetch:\n      url: https://api.example.com/report\n" +
 *     "      auth: { bearer: { env: REPORT_TOKEN } }\n",
 * );
 * // A look at the config (its tasks, its output directory) needs no token...
 * const spec = await loadConfig(path, { readSecrets: false });
 * const seen = spec.tasks.map((task) => task.name);
 * // ...but running it would send none: refused before anything is sent.
 * try {
 *   await run(spec);
 * } catch (error) {
 *   if (!(error instanceof SecretsNotReadError)) throw error;
 *   seen.push(error.code);
 * } finally {
 *   await Deno.remove(path);
 * }
 * assertEquals(seen, ["report", "SECRETS_NOT_READ"]);
 * ```
 */
export class SecretsNotReadError extends Error {
  /** Stable code. */
  readonly code = "SECRETS_NOT_READ";

  /**
   * Names the config and the fields, never a value (none was read).
   *
   * @param config The spec, whose `secretsNotRead` is set.
   */
  constructor(config: Pick<ConfigSpec, "source" | "secretsNotRead">) {
    const { fields, count } = config.secretsNotRead ?? { fields: [], count: 0 };
    const more = count > fields.length ? ` and ${count - fields.length} more` : "";
    const which = `${fields.join(", ")}${more}`;
    const what = config.source === undefined ? "the config" : `the config "${config.source}"`;
    super(
      `Cannot run ${what}: it was loaded without reading its credentials (loadConfig with ` +
        `readSecrets: false), so ${which} ${count === 1 ? "holds" : "hold"} none to send; load ` +
        "it again with readSecrets left on (the default) to run it",
    );
    this.name = "SecretsNotReadError";
  }
}

/**
 * Refuses a spec whose credentials were not read.
 *
 * @example
 * ```ts
 * import { assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { refuseSecretsNotRead, SecretsNotReadError } from "./secrets_not_read.ts";
 * const spec = {
 *   source: "q.yaml",
 *   secretsNotRead: { fields: ["tasks[0].fetch.auth.bearer ({ env: TOKEN })"], count: 1 },
 * };
 * assertThrows(
 *   () => refuseSecretsNotRead(spec),
 *   SecretsNotReadError,
 *   'Cannot run the config "q.yaml": it was loaded without reading its credentials',
 * );
 * refuseSecretsNotRead({ source: "q.yaml" }); // read, or none kept out: nothing to say
 * ```
 *
 * @param config The spec about to run.
 * @throws {SecretsNotReadError} When it was loaded with `readSecrets: false` and names a credential.
 */
export function refuseSecretsNotRead(config: Pick<ConfigSpec, "source" | "secretsNotRead">): void {
  if (config.secretsNotRead !== undefined) throw new SecretsNotReadError(config);
}
