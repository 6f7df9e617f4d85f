/**
 * From what a config declares (`RequestSpec`) to what the HTTP client sends (`HttpRequest`).
 * @module
 */
import type { HttpRequest, RequestBody } from "../http/mod.ts";
import { encodeBase64, isAbsolute, resolve } from "./deps.ts";
import type { AuthSpec, BodySpec, RequestSpec } from "./spec.ts";

/**
 * Builds the client request for a declared request.
 *
 * @param spec The request as declared.
 * @param baseDir Where a relative body file path is resolved.
 * @returns The request to send.
 */
export function toHttpRequest(spec: RequestSpec, baseDir: string): HttpRequest {
  const headers = { ...spec.headers };
  if (spec.auth) {
    // `auth` replaces an Authorization header given in any case (`authorization` in the defaults'
    // headers): kept, both credentials would be sent, and servers join them into one value.
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === "authorization") delete headers[name];
    }
    headers["Authorization"] = authorization(spec.auth);
  }
  return {
    url: spec.url,
    method: spec.method,
    headers,
    body: spec.body ? toBody(spec.body, baseDir) : undefined,
  };
}

/** What the requests of one declared request share, made once (see `requestFor`). */
interface SharedRequest {
  baseDir: string;
  headers: Record<string, string>;
  body: RequestBody | undefined;
}

const shared = new WeakMap<RequestSpec, SharedRequest>();

/**
 * The client request for one URL of a declared request (a task's fetches share everything but the
 * URL): its headers and body are made once per declaration and shared, never changed; replace
 * `headers` (do not add to it) to send others.
 *
 * @param spec The request as declared (its own `url` is not used).
 * @param url The URL to fetch.
 * @param baseDir Where a relative body file path is resolved.
 * @returns The request to send.
 */
export function requestFor(spec: RequestSpec, url: string, baseDir: string): HttpRequest {
  let common = shared.get(spec);
  if (common === undefined || common.baseDir !== baseDir) {
    const { headers = {}, body } = toHttpRequest(spec, baseDir);
    common = { baseDir, headers: Object.freeze(headers), body };
    shared.set(spec, common);
  }
  const request: HttpRequest = {
    url,
    method: spec.method,
    headers: common.headers,
    body: common.body,
  };
  // The config's word that these hold credentials: a redirect off the origin drops them.
  if (spec.credentialHeaders !== undefined) request.credentialHeaders = spec.credentialHeaders;
  return request;
}

function toBody(body: BodySpec, baseDir: string): RequestBody {
  const encoder = new TextEncoder();
  switch (body.kind) {
    case "text":
      return {
        kind: "bytes",
        bytes: encoder.encode(body.text),
        contentType: body.contentType ?? "text/plain; charset=utf-8",
      };
    case "json":
      return {
        kind: "bytes",
        bytes: encoder.encode(JSON.stringify(body.value)),
        contentType: "application/json",
      };
    case "form":
      return {
        kind: "bytes",
        bytes: encoder.encode(new URLSearchParams(body.fields).toString()),
        contentType: "application/x-www-form-urlencoded",
      };
    case "file":
      return {
        kind: "file",
        path: isAbsolute(body.path) ? body.path : resolve(baseDir, body.path),
        contentType: body.contentType ?? "application/octet-stream",
      };
  }
}

function authorization(auth: AuthSpec): string {
  if (auth.kind === "bearer") return `Bearer ${auth.token}`;
  return `Basic ${encodeBase64(`${auth.username}:${auth.password}`)}`;
}
