/**
 * Reading a response head off a pooled connection (interim 1xx heads skipped), and the answer a
 * server sent to a request it did not let be sent whole.
 * @module
 */
import type { Effect } from "../loop/mod.ts";
import { NetError } from "../net/mod.ts";
import { HttpError } from "./errors.ts";
import type { PooledConnection } from "./pool.ts";
import type { ResolvedRequestOptions } from "./request.ts";
import {
  maxLineBytesOf,
  parseResponseHead,
  type ResponseHead,
  type ResponseHeadLimits,
} from "./response_head.ts";
import type { Watchdog } from "./watchdog.ts";

/**
 * Reads the final response head (skipping interim 1xx heads) from the connection's buffer, reading
 * more as needed.
 *
 * @param pooled The connection, whose turn to read it is.
 * @param options The head limits.
 * @param url The URL fetched, for messages.
 * @returns The head; the body starts at the reader's `start`.
 * @throws HttpError `EARLY_EOF` when the connection closes first (naming no URL, as the parser's
 *   errors), `BAD_STATUS_LINE` on a 101; the parser's errors.
 */
export function* readHead(
  pooled: PooledConnection,
  options: ResolvedRequestOptions,
  url: string,
): Generator<Effect, ResponseHead> {
  const reader = pooled.reader;
  const limits = headLimitsOf(options);
  const maxBuffered = Math.max(reader.buffer.byteLength, options.maxHeaderBytes + 1);
  for (;;) {
    const head = parseResponseHead(reader.buffer, reader.start, reader.end, limits);
    if (head) {
      reader.consume(head.headBytes);
      if (head.status >= 100 && head.status < 200 && head.status !== 101) { // interim
        if (pooled.readerDeadlines) pooled.readerDeadlines.noteInterimHead();
        continue;
      }
      if (head.status === 101) {
        throw new HttpError(
          "BAD_STATUS_LINE",
          `Cannot fetch ${url}: the server switched protocols`,
          {
            url,
          },
        );
      }
      return head;
    }
    const added = yield* reader.fill(maxBuffered);
    if (added === 0) {
      // Named by the exchange (`locatedError`): with its URL, and the proxy it went through.
      throw new HttpError("EARLY_EOF", "the connection closed before a complete response head");
    }
  }
}

/**
 * The head limits of the options last seen, and those options: a run's requests share one frozen
 * set of options, so the limits are made once per run, not once per response.
 */
let lastLimits: ResponseHeadLimits | undefined;
let lastLimitsOptions: ResolvedRequestOptions | undefined;

function headLimitsOf(options: ResolvedRequestOptions): ResponseHeadLimits {
  if (lastLimitsOptions !== options || lastLimits === undefined) {
    lastLimits = {
      maxHeaderBytes: options.maxHeaderBytes,
      maxHeaderCount: options.maxHeaderCount,
      maxLineBytes: maxLineBytesOf(options.maxHeaderBytes),
      nameLimit: options.nameLimit,
    };
    lastLimitsOptions = options;
  }
  return lastLimits;
}

/**
 * How long a send that the idle limit ended looks for an answer the server sent before it stopped
 * reading (at most the idle limit itself): such an answer came already, and a read takes it at
 * once; the rest is room for a busy machine.
 */
const EARLY_ANSWER_LOOK_MS = 1000;

/**
 * Whether a write that failed may have met the server's answer: a server may answer before the
 * whole request is in (a 413 to an upload too large, a 401) and close, and the write then fails
 * with a broken pipe or a reset while the answer waits to be read (RFC 9112 §9.5); or it may
 * answer and stop reading without closing, and the idle limit then ends the write (a
 * `stalledSend`). Not when the client or another deadline closed the connection.
 */
export function mayHaveAnswered(
  error: unknown,
  pooled: PooledConnection,
  watchdog: Watchdog,
): error is NetError {
  return error instanceof NetError && !pooled.connection.closed &&
    (!watchdog.expired || watchdog.stalledSend);
}

/**
 * Reads the answer a server sent before it stopped reading the request, within `timeouts.headersMs`,
 * or after a `stalledSend` within a short look (the answer, if any, came already). A 2xx is not
 * taken: the request did not all go out, so its success cannot be vouched for. Without such an
 * answer the write's own error stands, or after a stalled send `TIMEOUT_IDLE`.
 *
 * @param unsent Why the request could not all be sent.
 * @param watchdog The attempt's deadlines, which ended the send when it stalled.
 */
export function* readEarlyAnswer(
  pooled: PooledConnection,
  options: ResolvedRequestOptions,
  url: string,
  unsent: NetError,
  watchdog: Watchdog,
): Generator<Effect, ResponseHead> {
  let standing: Error = unsent;
  if (watchdog.stalledSend) {
    standing = new HttpError("TIMEOUT_IDLE", `Cannot fetch ${url}: ${watchdog.describeExpiry()}`, {
      url,
      cause: unsent,
    });
    watchdog.lookForAnswer(Math.min(EARLY_ANSWER_LOOK_MS, options.timeouts.idleMs));
  } else watchdog.waitForHead(options.timeouts.headersMs);
  let head: ResponseHead;
  try {
    head = yield* readHead(pooled, options, url);
  } catch {
    throw standing;
  }
  if (head.status >= 200 && head.status < 300) throw standing;
  return head;
}
