/**
 * corun's event loop: coroutines are generator functions composed with `yield*`; the loop steps them,
 * keeps timers in one heap behind one host timer (those that must not keep the process alive in a
 * second), and reads time from an injected clock.
 *
 * Exports: {@linkcode Loop}, {@linkcode runOperation}, {@linkcode sleep}, {@linkcode spawn},
 * {@linkcode join}, {@linkcode halt}, {@linkcode scoped}, {@linkcode taskGroup}, {@linkcode all},
 * {@linkcode race}, {@linkcode failAfter}, {@linkcode moveOnAfter}, {@linkcode whenAborted}, {@linkcode action},
 * {@linkcode call}, {@linkcode cleanup}, {@linkcode createSemaphore}, {@linkcode createChannel},
 * {@linkcode createSystemClock}, {@linkcode createVirtualClock}, and the errors
 * {@linkcode TimeoutError}, {@linkcode TaskCancelledError}, {@linkcode TaskGroupError},
 * {@linkcode CancelledError}.
 * @module
 */
export { action, type ActionStart, call } from "./action.ts";
export { brandClass } from "./brand.ts";
export { type Channel, createChannel } from "./channel.ts";
export { closestName, editDistance } from "./closest_name.ts";
export { cleanup, throwIfCancelled } from "./cleanup.ts";
export {
  type Clock,
  type ClockBase,
  createSystemClock,
  createVirtualClock,
  type SystemClock,
  type VirtualClock,
  type VirtualClockOptions,
} from "./clock.ts";
export {
  type Effect,
  isEffect,
  type Operation,
  type OperationResult,
  SelfYieldingEffect,
} from "./effect.ts";
export {
  CancelledError,
  codeOf,
  failureText,
  type FailureTextOptions,
  kindOfValue,
  messageOf,
  raisedByCorun,
  TaskCancelledError,
  taskFailureText,
  type TaskFailureTextOptions,
  TaskGroupError,
  TimeoutError,
  userCodePlace,
} from "./errors.ts";
export { all, race, type TaskGroup, taskGroup, type TaskGroupOptions } from "./group.ts";
export { type UnrunWatch, unrunWatchOf, watchingUnrun } from "./unrun_watch.ts";
export { noticingChildrenLeft } from "./children_left.ts";
export { afterRealTime, liveHostTimers, MAX_TIMER_DELAY_MS, startHostTimer } from "./host_timer.ts";
export { indexOfAny } from "./index_of_any.ts";
export { isJsonObject } from "./json_object.ts";
export { Loop, type LoopOptions } from "./loop.ts";
export { openFileLimit, withOpenFileLimit } from "./open_files.ts";
export { describeGiven, isOperation, isPromiseLike } from "./operation_check.ts";
export { allowFlags, isGranted, type PermissionName } from "./permission_flags.ts";
export {
  allAccessRefusal,
  type GrantProbe,
  type PathAccess,
  type PathRefusal,
  pathRefusal,
  refusalText,
  refusedAccessText,
} from "./path_access.ts";
export { runOperation, type RunOperationOptions } from "./run_operation.ts";
export { createSemaphore, type Semaphore } from "./semaphore.ts";
export { shellWord, singleQuoted } from "./shell_word.ts";
export { formatMs, sleep } from "./sleep.ts";
export { formatSize, pastSizeCeiling } from "./size_words.ts";
export { type ByteSource, readCapped, readCappedSync, type SyncByteSource } from "./read_capped.ts";
export { type LinesLeftOut, readLines } from "./read_lines.ts";
export {
  currentLoop,
  halt,
  immediately,
  join,
  letOthersRun,
  scoped,
  type ScopedOptions,
  scopedTask,
  spawn,
  type SpawnOptions,
  startChild,
  withLoop,
} from "./spawn.ts";
export type { Task, TaskRecord, TaskRecordOptions, TaskState } from "./task.ts";
export { failAfter, moveOnAfter, moveOnAfterUnref } from "./timeout.ts";
export { whenAborted } from "./when_aborted.ts";
export type { TimerEntry } from "./timer_heap.ts";
export { caselessPattern, escapeRegExp } from "./regexp_text.ts";
export { headOf, tailOf } from "./text_cut.ts";
