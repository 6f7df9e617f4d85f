/**
 * Summarising a V8 `.cpuprofile` (from `deno run --cpu-prof`): where the samples landed, by function
 * and by source area, self time and inclusive time.
 * @module
 */

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** One line of a summary. */
export interface ProfileLine {
  /** Function (`name file:line`) or area (`lib/http`, `deno internals`, `(garbage collector)`). */
  key: string;
  /** Milliseconds sampled in it, itself only. */
  selfMs: number;
  /** Milliseconds sampled in it or anything it called (each sample counted once per key). */
  totalMs: number;
}

/** A summary by function and by area, both sorted by self time, largest first. */
export interface ProfileSummary {
  totalMs: number;
  byFunction: ProfileLine[];
  byArea: ProfileLine[];
}

/**
 * Groups a source URL into an area: corun's layer folders, its `bench` or root files, npm packages,
 * Deno's own JavaScript, or V8's pseudo-frames such as `(garbage collector)`.
 *
 * @param url The frame's URL.
 * @param functionName The frame's function name (pseudo-frames have no URL).
 * @returns The area's name.
 */
export function areaOf(url: string, functionName: string): string {
  if (url === "") {
    if (functionName.startsWith("op_")) return "Deno ops (I/O, syscalls)";
    return functionName.startsWith("(") ? functionName : "(native)";
  }
  const layer = /\/lib\/(\w+)\//.exec(url);
  if (layer && !url.includes("/node_modules/") && !url.includes("/npm/")) return `lib/${layer[1]}`;
  const npm = /\/npm\/[^/]+\/([^/]+)\/|node_modules\/(?:\.deno\/)?([^/@]+)/.exec(url);
  if (npm) return `npm:${npm[1] ?? npm[2]}`;
  if (url.startsWith("ext:") || url.startsWith("node:")) return "deno internals";
  return url.replace(/^file:\/\/.*\/([^/]+\/[^/]+)$/, "$1");
}

/**
 * Summarises a profile.
 *
 * @param profile A parsed `.cpuprofile`.
 * @returns Self and inclusive time by function and by area.
 */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const functionKey = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (url === "") return functionName;
    return `${functionName || "(anonymous)"} ${url.replace(/^.*\//, "")}:${lineNumber + 1}`;
  };
  const areaKey = (id: number) => {
    const { functionName, url } = byId.get(id)!.callFrame;
    return areaOf(url, functionName);
  };
  const functions = new Map<string, ProfileLine>();
  const areas = new Map<string, ProfileLine>();
  let totalMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    totalMs += ms;
    for (const [table, keyOf] of [[functions, functionKey], [areas, areaKey]] as const) {
      line(table, keyOf(id)).selfMs += ms;
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        const key = keyOf(at);
        if (seen.has(key)) continue;
        seen.add(key);
        line(table, key).totalMs += ms;
      }
    }
  });
  const sorted = (table: Map<string, ProfileLine>) =>
    [...table.values()].filter((entry) => entry.key !== "(root)").sort((a, b) =>
      b.selfMs - a.selfMs
    );
  return { totalMs, byFunction: sorted(functions), byArea: sorted(areas) };
}

/**
 * Who calls a function: the sampled time of `functionName` split by the chain of callers above it.
 *
 * @param profile A parsed `.cpuprofile`.
 * @param functionName The function's name as the profile has it (such as `op_get_env`).
 * @param depth Callers shown per chain.
 * @returns Lines keyed by `caller < caller's caller < ...`, largest first (`selfMs` = `totalMs`).
 */
export function callersOf(profile: CpuProfile, functionName: string, depth = 3): ProfileLine[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const chains = new Map<string, ProfileLine>();
  profile.samples.forEach((id, index) => {
    if (byId.get(id)!.callFrame.functionName !== functionName) return;
    const names: string[] = [];
    for (
      let at = parentOf.get(id);
      at !== undefined && names.length < depth;
      at = parentOf.get(at)
    ) {
      const { functionName: name, url, lineNumber } = byId.get(at)!.callFrame;
      names.push(`${name || "(anonymous)"} ${url.replace(/^.*\//, "")}:${lineNumber + 1}`);
    }
    const entry = line(chains, names.join(" < "));
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    entry.selfMs += ms;
    entry.totalMs += ms;
  });
  return [...chains.values()].sort((a, b) => b.selfMs - a.selfMs);
}

function line(table: Map<string, ProfileLine>, key: string): ProfileLine {
  let entry = table.get(key);
  if (!entry) table.set(key, entry = { key, selfMs: 0, totalMs: 0 });
  return entry;
}

/**
 * Renders the top lines of a summary as a Markdown table.
 *
 * @param lines Lines sorted as wanted.
 * @param totalMs The profile's length, for percentages.
 * @param limit Most lines shown.
 * @returns Markdown text.
 */
export function renderProfileLines(
  lines: readonly ProfileLine[],
  totalMs: number,
  limit = 25,
): string {
  const percent = (ms: number) => `${((100 * ms) / totalMs).toFixed(1)}%`;
  const rows = lines.slice(0, limit).map((entry) =>
    `| ${entry.key} | ${entry.selfMs.toFixed(0)} | ${percent(entry.selfMs)} | ${
      percent(entry.totalMs)
    } |`
  );
  return ["| where | self ms | self | incl. |", "| --- | ---: | ---: | ---: |", ...rows].join(
    "\n",
  ) +
    "\n";
}
