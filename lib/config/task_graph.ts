/**
 * Checks across tasks: unique names, `after` naming known tasks, and no dependency cycles. Works on the
 * raw input, tolerating malformed tasks, so these problems are reported together with the schema's.
 * @module
 */
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
    if (!isRecord(task)) return undefined;
    if (task.name !== undefined && (typeof task.name !== "string" || task.name === "")) {
      return undefined; // the schema reports it
    }
    const name = (task.name as string | undefined) ?? defaultTaskName(index);
    const first = indexByName.get(name);
    if (first === undefined) indexByName.set(name, index);
    else {
      issues.push({
        path: task.name === undefined ? ["tasks", index] : ["tasks", index, "name"],
        message: `duplicate task name "${name}" (${formatPath(["tasks", first])} has it too)`,
      });
    }
    return name;
  });

  const none: number[] = []; // shared by every task without `after`: large configs have many
  const edges: number[][] = Array.from(tasks, (task, index) => {
    const after = isRecord(task) && Array.isArray(task.after) ? task.after : [];
    if (after.length === 0) return none;
    return Array.from(after, (name, position) => {
      if (typeof name !== "string") return -1;
      const target = indexByName.get(name);
      if (target === undefined && name !== "") {
        issues.push({
          path: ["tasks", index, "after", position],
          message: `unknown task "${name}"${didYouMean(name, indexByName.keys())}`,
        });
      }
      return target ?? -1;
    });
  });

  // Without any `after` there is no graph to check (large generated configs usually have none).
  if (edges.every((targets) => targets.length === 0)) return issues;
  for (const cycle of findCycles(edges)) {
    const [start, next] = cycle;
    const label = cycle.map((index) => names[index]).join(" → ");
    issues.push({
      path: ["tasks", start, "after", edges[start].indexOf(next)],
      message: `dependency cycle ${label}`,
    });
  }
  return issues;
}

/**
 * One cycle per strongly connected component that has one (Tarjan), each starting and ending at the
 * component's first task, following the shortest way round.
 */
function findCycles(edges: number[][]): number[][] {
  const order: number[] = [];
  const low: number[] = [];
  const onStack: boolean[] = [];
  const stack: number[] = [];
  const components: number[][] = [];
  let visited = 0;
  const connect = (node: number): void => {
    order[node] = low[node] = visited++;
    stack.push(node);
    onStack[node] = true;
    for (const next of edges[node]) {
      if (next < 0) continue;
      if (order[next] === undefined) {
        connect(next);
        low[node] = Math.min(low[node], low[next]);
      } else if (onStack[next]) low[node] = Math.min(low[node], order[next]);
    }
    if (low[node] !== order[node]) return;
    const component: number[] = [];
    let member: number;
    do {
      member = stack.pop()!;
      onStack[member] = false;
      component.push(member);
    } while (member !== node);
    components.push(component);
  };
  edges.forEach((_, node) => order[node] === undefined && connect(node));

  const cycles: number[][] = [];
  for (const component of components) {
    const start = Math.min(...component);
    if (component.length === 1 && !edges[start].includes(start)) continue;
    cycles.push(shortestCycle(edges, start, new Set(component)));
  }
  return cycles.sort((a, b) => a[0] - b[0]);
}

/** Breadth-first from `start` back to it, within one component. */
function shortestCycle(edges: number[][], start: number, members: Set<number>): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of edges[node]) {
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start]; // unreachable: a component with an edge always closes a cycle
}
