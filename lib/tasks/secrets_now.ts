/**
 * The one place a request takes the config's credentials from: as the config loaded them, or, in
 * a process that follows its secret files (`corun worker`), as the files hold them now
 * (`RunEnv.secretsNow`, asked per request). A task's fetches, a custom task's enqueued URLs and
 * every `ctx.fetch` start from here, so a token rotated into a file reaches them all. Without the
 * hook (`corun run`, a library `run()`) each costs one `undefined` check.
 * @module
 */
import type { RunEnv } from "./env.ts";
import type { FetchDefaults, FetchTaskSpec, RequestSpec } from "./spec.ts";

/**
 * The settings a request starts from: the config's `defaults`, with the credentials of now.
 *
 * @param env The run's shared services.
 * @returns `env.defaults`, or what `env.secretsNow` gives.
 */
export function defaultsNow(env: RunEnv): FetchDefaults {
  return env.secretsNow === undefined ? env.defaults : env.secretsNow().defaults;
}

/**
 * The request a fetch of the task at `index` sends, with the credentials of now: a fetch task's
 * own, or the plain GET of a custom task's enqueued URLs.
 *
 * @param env The run's shared services.
 * @param spec The fetch's spec (a custom task's: `enqueuedFetchSpec`).
 * @param index Its task's position in the config.
 * @returns `spec.request`, or the same made from what `env.secretsNow` gives.
 */
export function requestNow(env: RunEnv, spec: FetchTaskSpec, index: number): RequestSpec {
  if (env.secretsNow === undefined) return spec.request;
  const now = env.secretsNow();
  const task = now.tasks[index];
  if (task === undefined) return spec.request;
  return task.kind === "fetch" ? task.request : enqueuedRequest(now.defaults);
}

/** Each `defaults`' enqueued request, made once: `requestFor` makes headers once per request. */
const enqueued = new WeakMap<FetchDefaults, RequestSpec>();

/**
 * A plain GET with the config's default headers, and which of them hold credentials: what a custom
 * task's enqueued URLs send.
 *
 * @param defaults The config's `defaults`.
 * @returns The request (its URL is each fetch's).
 */
export function enqueuedRequest(defaults: FetchDefaults): RequestSpec {
  let request = enqueued.get(defaults);
  if (request !== undefined) return request;
  request = { url: "", method: "GET", headers: defaults.headers };
  if (defaults.credentialHeaders !== undefined) {
    request.credentialHeaders = defaults.credentialHeaders;
  }
  enqueued.set(defaults, request);
  return request;
}
