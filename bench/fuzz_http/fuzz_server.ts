/**
 * The fuzzer's server: raw TCP on 127.0.0.1, answering `/c/<id>` with case `id`'s plan (written
 * whole or trickled, with pauses), then keeping, closing (lingering, as servers do), resetting or
 * stalling the connection. It records which responses went out on a connection fouled by bytes no
 * response owns, and which connections the client has not closed.
 * @module
 */
import { type Case, concat, enc, indexOfBytes, type Plan, type Step } from "./case.ts";

interface Served {
  caseId: number;
  connection: number;
  /** A response before it on the same connection left bytes no response owns. */
  fouled: boolean;
}

/** A raw TCP server on 127.0.0.1 answering `/c/<id>` with case `id`'s plan. */
export class FuzzServer {
  readonly listener: Deno.Listener;
  readonly port: number;
  readonly served: Served[] = [];
  readonly cases = new Map<number, Case>();
  /** Requests each case with a `respond` got so far. */
  readonly attempts = new Map<number, number>();
  readonly #conns = new Set<Deno.Conn>();
  readonly #handlers = new Set<Promise<void>>();
  /** Connections the client has not closed yet. */
  readonly open = new Set<number>();
  /** What each open connection's handler is doing (for a report of one left open). */
  readonly doing = new Map<number, string>();
  readonly errors: string[] = [];
  #accepted = 0;
  #closing = false;
  readonly #accepting: Promise<void>;
  readonly #shutdown = Promise.withResolvers<void>();

  constructor() {
    this.listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.port = (this.listener.addr as Deno.NetAddr).port;
    this.#accepting = this.#accept();
  }

  async #accept(): Promise<void> {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await this.listener.accept();
      } catch {
        return;
      }
      const index = this.#accepted++;
      this.#conns.add(conn);
      this.open.add(index);
      const handler = this.#serve(conn, index).finally(() => {
        this.#conns.delete(conn);
        this.#handlers.delete(handler);
      });
      this.#handlers.add(handler);
    }
  }

  async #serve(conn: Deno.Conn, index: number): Promise<void> {
    const reader = new RequestReader(conn);
    let fouled = false;
    let dropNext = false;
    let closedByUs = false;
    try {
      for (;;) {
        const path = await reader.line();
        if (path === null) break; // the client closed
        const match = /^\/c\/(\d+)(\/t)?/.exec(path);
        const found = match ? this.cases.get(Number(match[1])) : undefined;
        if (dropNext) {
          if (found && fouled) this.served.push({ caseId: found.id, connection: index, fouled });
          closedByUs = true;
          return;
        }
        let plan = found === undefined || (match![2] && !found.target)
          ? NOT_FOUND
          : match![2]
          ? found.target!
          : found.plan;
        if (found) this.served.push({ caseId: found.id, connection: index, fouled });
        let head: string | null = "";
        if (plan.ending !== "reset" && (head = await reader.rest()) === null) break;
        if (found?.respond && !match![2]) {
          const attempt = (this.attempts.get(found.id) ?? 0) + 1;
          this.attempts.set(found.id, attempt);
          plan = found.respond(/^range: *(.*)$/im.exec(head)?.[1] ?? null, attempt);
        }
        for (const step of plan.steps) {
          this.doing.set(index, `${step.kind} for c${found?.id}`);
          if (step.kind === "pause") await this.#pause(step.ms);
          else await writeStep(conn, step, () => this.#closing);
        }
        if (plan.junk) fouled = true;
        if (plan.ending === "reset") {
          closedByUs = true;
          return;
        }
        if (plan.ending === "close") {
          // As servers close (a lingering close): the client reads to the end of what was sent
          // before it meets the close, even with pipelined requests of its own still unread here.
          closedByUs = true;
          this.doing.set(index, "lingering close");
          await conn.closeWrite();
          await Promise.race([this.#drain(reader, index, fouled), this.#pause(3000)]);
          return;
        }
        if (plan.ending === "stall") break;
        if (plan.ending === "dropNext") dropNext = true;
      }
      // The client closed, or the plan stalls: read until the client goes.
      this.doing.set(index, "drain");
      await this.#drain(reader, index, fouled);
    } catch {
      // The client went away first.
    } finally {
      if (closedByUs) this.open.delete(index);
      try {
        conn.close();
      } catch { /* closed */ }
      // Stalled or kept: the client closing it is what ended the loop.
      this.open.delete(index);
    }
  }

  /**
   * Reads requests nobody answers until the client closes; on a fouled connection each counts as
   * served fouled: the client may read the bytes no response owns as its answer.
   */
  async #drain(reader: RequestReader, index: number, fouled: boolean): Promise<void> {
    for (;;) {
      const path = await reader.line();
      if (path === null || (await reader.rest()) === null) return;
      const id = /^\/c\/(\d+)/.exec(path)?.[1];
      if (fouled && id !== undefined) {
        this.served.push({ caseId: Number(id), connection: index, fouled });
      }
    }
  }

  /** Waits until the client has closed every connection, up to `ms`; the ones still open. */
  async openAfter(ms: number): Promise<string[]> {
    const deadline = Date.now() + ms;
    while (this.#handlers.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return [...this.open].map((index) => `${index} (${this.doing.get(index) ?? "reading"})`);
  }

  #pause(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return Promise.race([
      new Promise<void>((resolve) => timer = setTimeout(resolve, ms)),
      this.#shutdown.promise,
    ]).finally(() => clearTimeout(timer));
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#shutdown.resolve();
    this.listener.close();
    for (const conn of this.#conns) {
      try {
        conn.close();
      } catch { /* closed */ }
    }
    await this.#accepting;
    await Promise.all([...this.#handlers]);
  }
}

async function writeStep(
  conn: Deno.Conn,
  step: Step & { kind: "write" },
  closing: () => boolean,
): Promise<void> {
  const piece = step.piece ?? step.bytes.byteLength;
  for (let at = 0; at < step.bytes.byteLength && !closing(); at += piece) {
    const part = step.bytes.subarray(at, at + piece);
    for (let done = 0; done < part.byteLength;) done += await conn.write(part.subarray(done));
    if (step.piece !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, step.pauseMs ?? 0));
    }
  }
}

/**
 * Reads request heads (corun's GET and HEAD carry no body) one after another: the request line
 * first, in small reads, so a plan that resets the connection can leave the rest of the head unread
 * (closing a socket with unread bytes sends a reset).
 */
class RequestReader {
  readonly #conn: Deno.Conn;
  #buffer: Uint8Array = new Uint8Array(0);
  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }
  /** The next request's path, or null when the client closed. */
  async line(): Promise<string | null> {
    for (;;) {
      const end = indexOfBytes(this.#buffer, CRLF, 0);
      if (end !== -1) {
        return new TextDecoder().decode(this.#buffer.subarray(0, end)).split(" ")[1] ?? "/";
      }
      if (!(await this.#more(64))) return null;
    }
  }
  /** Reads the rest of the head whose line `line` returned. */
  /** The rest of the head whose line `line` returned, or null when the client closed first. */
  async rest(): Promise<string | null> {
    for (;;) {
      const end = indexOfBytes(this.#buffer, CRLFCRLF, 0);
      if (end !== -1) {
        const head = new TextDecoder().decode(this.#buffer.subarray(0, end));
        this.#buffer = this.#buffer.slice(end + 4);
        return head;
      }
      if (!(await this.#more(16384))) return null;
    }
  }
  async #more(size: number): Promise<boolean> {
    const chunk = new Uint8Array(size);
    const count = await this.#conn.read(chunk);
    if (count === null) return false;
    this.#buffer = concat([this.#buffer, chunk.subarray(0, count)]);
    return true;
  }
}

const CRLFCRLF = enc("\r\n\r\n");
const NOT_FOUND: Plan = {
  steps: [{ kind: "write", bytes: enc("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n") }],
  ending: "keep",
  junk: false,
};
const CRLF = enc("\r\n");
