/**
 * From what a config declares (`RequestSpec`) to what the HTTP client sends (`HttpRequest`).
 * @module
 */
import type { HttpRequest, RequestBody } from "../http/mod.ts";
import { isAbsolute, resolve } from "./deps.ts";
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
  if (spec.auth) headers["Authorization"] = authorization(spec.auth);
  return {
    url: spec.url,
    method: spec.method,
    headers,
    body: spec.body ? toBody(spec.body, baseDir) : undefined,
  };
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
  const bytes = new TextEncoder().encode(`${auth.username}:${auth.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}
