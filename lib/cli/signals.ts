/**
 * Ctrl-C handling: SIGINT (and SIGTERM) become an abort that cancels every task cleanly.
 * @module
 */

/** SIGINT / SIGTERM turned into an abort, until disposed. */
export interface InterruptScope extends Disposable {
  /** Aborted when the first interrupt arrives. */
  readonly signal: AbortSignal;
  /**
   * Aborted when a second one arrives (a later one, not the first delivered twice): a command that
   * gives running jobs time to finish (`corun schedule --grace`) ends that time early. A host that
   * leaves it out (one written before it came) lets the grace run its course.
   */
  readonly again?: AbortSignal;
  /**
   * Runs `action` when a later interrupt exits the process at once, just before it exits: what must
   * be on disk by then (`corun run`'s history line), written synchronously. Disposing the returned
   * handle takes the action back. A host that never exits at once leaves it out.
   */
  beforeExit?(action: () => void): Disposable;
}

/** Options of {@linkcode listenForInterrupts}. */
export interface InterruptOptions {
  /**
   * Called on every interrupt after the first, while the run is still winding down (a user pressing
   * Ctrl-C twice wants out now), with how many came after the first (1 for the second).
   * @default nothing: further interrupts only abort `again`
   */
  onRepeat?: (signal: Deno.Signal, repeats: number) => void;
  /**
   * An interrupt this soon after the one before is the same one delivered twice, not a repeat: a
   * terminal's Ctrl-C reaches every process of its group, and `deno task` (or a shell script)
   * forwards the copy it got to corun, which got its own; systemd's stop does the same with SIGTERM.
   * @default 500
   */
  sameInterruptMs?: number;
  /** The clock the window above is measured on (tests). @default performance.now */
  now?: () => number;
}

/**
 * The signals that mean "stop", per platform (Windows has no SIGTERM listener). Not SIGHUP: a
 * listener would replace the "ignore" `nohup` sets, and `nohup corun schedule` must outlive its
 * terminal.
 */
function stopSignals(): Deno.Signal[] {
  return Deno.build.os === "windows" ? ["SIGINT", "SIGBREAK"] : ["SIGINT", "SIGTERM"];
}

/**
 * Makes a write past the process's file size limit (`ulimit -f`, `LimitFSIZE=`) fail with EFBIG
 * ("File too large"), which fails that one save (its temporary removed, its task failed, naming
 * the path), instead of SIGXFSZ ending the whole process at once: every other task cut off, no
 * metadata line, no history line, temporaries left for the next run. A listener is the runtime's
 * way to take over a signal's default action; it keeps nothing alive. None on Windows, which has
 * no such signal.
 *
 * @returns Removes the listener.
 */
export function survivePastFileSizeLimit(): Disposable {
  if (Deno.build.os === "windows") return { [Symbol.dispose]() {} };
  const listener = () => {};
  Deno.addSignalListener("SIGXFSZ", listener);
  return { [Symbol.dispose]: () => Deno.removeSignalListener("SIGXFSZ", listener) };
}

/**
 * Listens for SIGINT and SIGTERM until disposed; the first one aborts the returned signal.
 *
 * @param options What to do on a repeated interrupt.
 * @returns The signal to pass to `run`, the one of a second interrupt, and a disposer that removes
 *   the listeners.
 * @example
 * ```ts
 * import { listenForInterrupts } from "./signals.ts";
 * using interrupts = listenForInterrupts();
 * interrupts.signal.aborted; // false until Ctrl-C
 * ```
 */
export function listenForInterrupts(
  options: InterruptOptions = {},
): InterruptScope & { readonly again: AbortSignal } {
  const controller = new AbortController();
  const again = new AbortController();
  const now = options.now ?? (() => performance.now());
  const sameMs = options.sameInterruptMs ?? 500;
  /** When the last interrupt counted came: a copy of it delivered again is not counted. */
  let lastAtMs = 0;
  let repeats = 0;
  const listeners = stopSignals().map((name) => {
    const listener = () => {
      if (!controller.signal.aborted) {
        lastAtMs = now();
        controller.abort(new DOMException(`Interrupted by ${name}`, "AbortError"));
      } else if (now() - lastAtMs >= sameMs) {
        lastAtMs = now();
        repeats++;
        if (!again.signal.aborted) {
          again.abort(new DOMException(`Interrupted again by ${name}`, "AbortError"));
        }
        options.onRepeat?.(name, repeats);
      }
    };
    Deno.addSignalListener(name, listener);
    return { name, listener };
  });
  return {
    signal: controller.signal,
    again: again.signal,
    [Symbol.dispose]() {
      for (const { name, listener } of listeners.splice(0)) {
        Deno.removeSignalListener(name, listener);
      }
    },
  };
}
