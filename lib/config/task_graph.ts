/**
 * Checks across tasks: unique names, `after` naming known tasks, and no dependency cycles. Works on the
 * raw input, tolerating malformed tasks, so these problems are reported together with the schema's.
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import { formatPath } from "./config_error.ts";
import { isRecord } from "./schema_fetch.ts";
import { didYouMean } from "./suggest.ts";
import type { PathIssue } from "./path_issue.ts";

/**
 * The name a task gets when it has none.
 *
 * @param index The task's 0-based position.
 * @returns `task-N`, N being the 1-based position.
 */
export function defaultTaskName(index: number): string {
  return `task-${index + 1}`;
}

/**
 * A raw task's name: its own, or its default when it gives none.
 *
 * @param task A raw task, valid or not.
 * @param index Its position.
 * @returns The name, or undefined for what is no task or names itself wrongly (the schema says so).
 */
export function taskNameOf(task: unknown, index: number): string | undefined {
  if (!isRecord(task)) return undefined;
  if (task.name === undefined) return defaultTaskName(index);
  return typeof task.name === "string" && task.name !== "" ? task.name : undefined;
}

/**
 * Raw tasks' positions by name (the first task of a name), holes and malformed tasks passed over.
 *
 * @param tasks The raw tasks.
 * @returns The positions.
 */
export function taskIndexByName(tasks: readonly unknown[]): Map<string, number> {
  const indexByName = new Map<string, number>();
  // Array.from visits the holes a TypeScript config's lists may have; forEach skips them.
  Array.from(tasks, (task, index) => {
    const name = taskNameOf(task, index);
    if (name !== undefined && !indexByName.has(name)) indexByName.set(name, index);
  });
  return indexByName;
}

/**
 * Whether raw task `from` runs after task `target`, through its `after` names and theirs (names of
 * no task are passed over: {@linkcode checkTaskGraph} reports them).
 *
 * @param tasks The raw tasks.
 * @param indexByName Their positions by name ({@linkcode taskIndexByName}).
 * @param from The task that would run later.
 * @param target The task it would run after.
 * @returns True when `target` is among the tasks `from` waits for.
 */
export function runsAfter(
  tasks: readonly unknown[],
  indexByName: ReadonlyMap<string, number>,
  from: number,
  target: number,
): boolean {
  const seen = new Set<number>([from]);
  const pending = [from];
  while (pending.length > 0) {
    const task = tasks[pending.pop()!];
    const after = isRecord(task) && Array.isArray(task.after) ? task.after : [];
    for (const name of after) {
      const index = typeof name === "string" ? indexByName.get(name) : undefined;
      if (index === undefined || seen.has(index)) continue;
      if (index === target) return true;
      seen.add(index);
      pending.push(index);
    }
  }
  return false;
}

/**
 * Finds duplicate names, unknown `after` names and dependency cycles.
 *
 * @param input A raw config, valid or not.
 * @returns The problems found.
 */
export function checkTaskGraph(input: unknown): PathIssue[] {
  const tasks = isRecord(input) && Array.isArray(input.tasks) ? input.tasks : [];
  const issues: PathIssue[] = [];
  const indexByName = new Map<string, number>();
  // Array.from visits the holes a TypeScript config's lists may have (`[, "x"]`); map skips them.
  const names = Array.from(tasks, (task, index) => {
    const name = taskNameOf(task, index);
    if (name === undefined || !isRecord(task)) return undefined;
    const first = indexByName.get(name);
    if (first === undefined) indexByName.set(name, index);
    else {
      const quoted = quoteReceived(name); // a name may hold a quote
      issues.push({
        path: task.name === undefined ? ["tasks", index] : ["tasks", index, "name"],
        message: `duplicate task name ${quoted} (${formatPath(["tasks", first])} has it too)`,
      });
    }
    return name;
  });

  const none: number[] = []; // shared by every task without `after`: large configs have many
  // "Did you mean" compares a name with every task's: past a budget of comparisons, unknown names
  // are reported without a guess, so a million of them cost a million look-ups, not a trillion.
  let comparisonsLeft = SUGGESTION_COMPARISONS;
  const edges: number[][] = Array.from(tasks, (task, index) => {
    const after = isRecord(task) && Array.isArray(task.after) ? task.after : [];
    if (after.length === 0) return none;
    return Array.from(after, (name, position) => {
      if (typeof name !== "string") return -1;
      const target = indexByName.get(name);
      if (target === undefined && name !== "") {
        let hint = "";
        if (comparisonsLeft >= indexByName.size) {
          comparisonsLeft -= indexByName.size;
          hint = didYouMean(name, namesBut(indexByName.keys(), names[index]));
        }
        issues.push({
          path: ["tasks", index, "after", position],
          message: `unknown task ${quoteReceived(name)}${hint}`,
        });
      }
      return target ?? -1;
    });
  });

  // Without any `after` there is no graph to check (large generated configs usually have none).
  if (edges.every((targets) => targets.length === 0)) return issues;
  for (const cycle of findCycles(edges)) {
    const [start, next] = cycle;
    const label = cycleLabel(cycle.map((index) => names[index]));
    issues.push({
      path: ["tasks", start, "after", edges[start].indexOf(next)],
      message: `dependency cycle ${label}`,
    });
  }
  return issues;
}

/** The task names other than a task's own: suggesting its own name would suggest a cycle. */
function* namesBut(names: Iterable<string>, own: string | undefined): Generator<string> {
  for (const name of names) if (name !== own) yield name;
}

/** A cycle's task names, the middle of a long one left out: a cycle can go through every task. */
function cycleLabel(names: readonly (string | undefined)[]): string {
  if (names.length <= SHOWN_CYCLE_NAMES) return names.join(" → ");
  const half = SHOWN_CYCLE_NAMES / 2;
  const skipped = (names.length - SHOWN_CYCLE_NAMES).toLocaleString("en-US");
  return [...names.slice(0, half), `(${skipped} more)`, ...names.slice(-half)].join(" → ");
}

/** The most task names a cycle's message shows. */
const SHOWN_CYCLE_NAMES = 10;

/** How many names "did you mean" may compare in one config (a few hundred ms at most). */
const SUGGESTION_COMPARISONS = 1_000_000;

/**
 * One cycle per strongly connected component that has one (Tarjan's algorithm, without recursion: a
 * chain of a hundred thousand tasks is as deep), each starting and ending at the component's first
 * task, following the shortest way round.
 */
function findCycles(edges: number[][]): number[][] {
  const order: number[] = new Array(edges.length);
  const low: number[] = new Array(edges.length);
  const onStack: boolean[] = new Array(edges.length).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let visited = 0;
  // The depth-first path: each node with the position of the next edge to follow.
  const path: number[] = [];
  const nextEdge: number[] = [];
  const enter = (node: number) => {
    order[node] = low[node] = visited++;
    stack.push(node);
    onStack[node] = true;
    path.push(node);
    nextEdge.push(0);
  };
  for (let root = 0; root < edges.length; root++) {
    if (order[root] !== undefined) continue;
    enter(root);
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top];
      const targets = edges[node];
      if (nextEdge[top] < targets.length) {
        const next = targets[nextEdge[top]++];
        if (next < 0) continue;
        if (order[next] === undefined) enter(next);
        else if (onStack[next]) low[node] = Math.min(low[node], order[next]);
        continue;
      }
      path.pop();
      nextEdge.pop();
      if (path.length > 0) {
        const parent = path[path.length - 1];
        low[parent] = Math.min(low[parent], low[node]);
      }
      if (low[node] !== order[node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = stack.pop()!;
        onStack[member] = false;
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  }

  const cycles: number[][] = [];
  for (const component of components) {
    let start = component[0];
    for (const member of component) start = Math.min(start, member);
    if (component.length === 1 && !edges[start].includes(start)) continue;
    cycles.push(shortestCycle(edges, start, new Set(component)));
  }
  return cycles.sort((a, b) => a[0] - b[0]);
}

/** Breadth-first from `start` back to it, within one component. */
function shortestCycle(edges: number[][], start: number, members: Set<number>): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const next of edges[node]) {
      if (next === start) {
        const back = [start];
        for (let at = node; at !== start; at = previous.get(at)!) back.push(at);
        back.push(start);
        return back.reverse();
      }
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start]; // unreachable: a component with an edge always closes a cycle
}
