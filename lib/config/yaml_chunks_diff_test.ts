/**
 * Differential test: for many generated YAML configs, whenever the chunked path (`loadYamlInChunks`)
 * gives a spec, it is exactly the whole-document path's spec (`parseYamlFast` + `validateConfig`),
 * and a config the whole-document path refuses never becomes a spec. The generator mixes items that
 * are hard to cut (comments, quotes, multi-line scalars and flow collections, CRLF, odd line
 * breaks) around the 256-item chunk boundary. `SEED=n ITER=n` explore further.
 */
import { loadYamlInChunks } from "./format_yaml.ts";
import { validateConfig } from "./load.ts";
import { parseYamlFast } from "./yaml_value_deps.ts";

let seed = Number(Deno.env.get("SEED") ?? 1);
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];

/** Item snippets; `I` is the list indent, `J` the indent of the item's keys. */
const ITEMS: ((i: number) => string)[] = [
  () => `I- sleep: 1s`,
  (i) => `I- sleep: 1s\nJname: n${i}`,
  (i) => `I- name: "q${i}"\nJsleep: 2s`,
  (i) => `I- name: 'it''s ${i}'\nJsleep: 1s`,
  () => `# comment at margin`,
  () => `I# comment at list indent "`,
  () => ``,
  () => `   `,
  (i) => `I- sleep: 1s # it's "odd ${i}`,
  (i) => `I- name: a${i}\nJ  b${i}\nJsleep: 1s`, // multi-line plain scalar
  (i) => `I- name: a${i}\n\nJ  c${i}\nJsleep: 1s`, // ... with a blank line (a newline)
  (i) => `I- {sleep: 1s, name: f${i}}`,
  (i) => `I- {sleep: 1s,\nJname: g${i}}`,
  (i) => `I- {sleep: 1s,\nIname: h${i}}`, // flow continuation at the list's indent
  (i) => `I- {sleep: 1s,\nname: k${i}}`, // flow continuation at the margin
  () => `I- [\nI]`,
  () => `I-\nJsleep: 3s`,
  () => `I- sleep: 1s\nJafter: [task-1]`,
  (i) => `I- "sleep": 1s\nJ'name': qk${i}`,
  (i) => `I- name: "tasks:${i}"\nJsleep: 1s`,
  (i) => `I- fetch: http://x/tasks:${i}\nJsave: "${i}.html"`,
  (i) => `I- name: "a${i}\nJb"\nJsleep: 1s`, // multi-line quoted
  (i) => `I- name: "a${i}\nb"\nJsleep: 1s`, // multi-line quoted, continuation at margin
  (i) => `I- name: x${i}\n# a comment inside the item\nJsleep: 1s`,
  (i) => `I- name: x${i} #c\n  # indented comment\nJsleep: 1s`,
  (i) => `I- fetch: http://x/${i}\nJheaders: {a: "b,\nJ c"}`,
  (i) => `I- sleep: 1s\nJname: y${i}\nJname: z${i}`, // duplicate key within an item
  (i) => `I- sleep: 1s\nJ<<: {name: m${i}}`, // merge of a flow map
  (i) => `I- sleep: 1s\nJname: "#${i}"`,
  (i) => `I- sleep: 1s\nJname: p${i}'`,
  (i) => `I- sleep: 1s\nJname: "r${i}" # "`,
  () => `I - sleep: 1s`, // deeper than the list
  (i) => `I- fetch: "http://x/p${i}/[1-3]"\nJsave: "p${i}/{1}.html"`, // a URL pattern
  (i) => `I- fetch: http://x/q${i}/[1-3\nJsave: "q${i}/{1}.html"`, // a pattern left open
  (i) => `I- fetch: "http://x/r${i}/[1-3]"\nJsave: "r${i}.html"`, // all its URLs to one file
  (i) => `I- fetch: "http://x/s${i}/[1-3]"\nJsave: "s${i}/{2}.html"`, // a part it lacks
  (i) => `I- fetch: "http://x/t${i}/[1]"\nJglob: false\nJrate: 2/s`,
];
const OUTSIDE: string[] = [
  "outDir: out",
  "concurrency: 4",
  "defaults:\n  retries: 2",
  "defaults: {retries: 2,\n  backoff: 1s}",
  "# comment",
  "",
  'outDir: "o\n  p"',
  "outDir: 'o\n  p'",
  "outDir: 'x\n'",
  'outDir: "y\n"',
  '"',
  "'",
  "metadata: false",
  "metadata: false # it's",
  "metadata: false #'",
  'metadata: false #"',
  "outDir: a\n  b",
  "tasks: [{sleep: 2s}]",
  "tasks :\n  - sleep: 2s",
  "x:",
  "-foo: 1",
  "<<: {concurrency: 3}",
  "outDir: [a,\n  b]",
  "outDir: out\noutDir: other",
  'origins: {"http://x": {rate: 1/s, delay: 1s}}',
  'origins:\n  "http://X:80": {jitter: 1s}\n  "http://x": {perHost: 1}', // one origin twice
  "origins: {ftp://x: {}}",
  "defaults: {rate: 5/min, crawl: {maxDepth: 1, origins: [http://x]}}",
];

const BEFORE = [
  'outDir: "o',
  "outDir: 'o",
  "outDir: [o,",
  "defaults: {retries: 1,",
  "outDir: o #",
  "outDir: o\u2028",
];
const AFTER = [
  '"',
  "'",
  "]",
  "}",
  'x"',
  "tasks: [{sleep: 2s}] #'",
  'tasks: [{sleep: 2s}] #"',
  "metadata: false }",
  "metadata: false ]",
];

function generate(): string {
  const indent = pick([0, 1, 2, 4]);
  const I = " ".repeat(indent);
  const J = " ".repeat(indent + 2);
  const lines: string[] = [];
  for (let n = Math.floor(rnd() * 3); n > 0; n--) lines.push(pick(OUTSIDE));
  if (rnd() < 0.3) lines.push(pick(BEFORE));
  lines.push(pick(["tasks:", "tasks:  # the tasks", "tasks: "]));
  // Interesting items near a chunk boundary (256).
  const pad = 250 + Math.floor(rnd() * 6);
  const fill = (i: number) => `${I}- sleep: 1s\n${J}name: pad${i}`;
  for (let i = 0; i < pad; i++) lines.push(fill(i));
  for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
    lines.push(pick(ITEMS)(lines.length).replaceAll("I", I).replaceAll("J", J));
  }
  for (let n = Math.floor(rnd() * 3); n > 0; n--) lines.push(fill(lines.length + 1000));
  for (let n = Math.floor(rnd() * 3); n > 0; n--) lines.push(pick(OUTSIDE));
  if (rnd() < 0.3) lines.push(pick(AFTER));
  let text = lines.join("\n") + (rnd() < 0.8 ? "\n" : "");
  if (rnd() < 0.3) text = text.replaceAll("\n", "\r\n");
  return text;
}

function whole(text: string): string {
  try {
    return JSON.stringify(validateConfig(parseYamlFast(text), "/tmp/c.yaml", { baseDir: "/tmp" }));
  } catch (error) {
    return `ERROR ${(error as Error).message.split("\n").slice(0, 3).join(" | ")}`;
  }
}

Deno.test("chunked YAML loading agrees with the whole-document path", () => {
  const iterations = Number(Deno.env.get("ITER") ?? 2000);
  const found = new Map<string, string>();
  let chunked = 0;
  for (let i = 0; i < iterations; i++) {
    const text = generate();
    const spec = loadYamlInChunks(text, "/tmp", "/tmp/c.yaml");
    if (spec === undefined) continue;
    chunked++;
    const expected = whole(text);
    const actual = JSON.stringify(spec);
    if (actual !== expected) {
      const key = expected.startsWith("ERROR") ? "accepted-invalid" : "different-value";
      if (!found.has(key) || text.length < found.get(key)!.length) found.set(key, text);
    }
  }
  const cases = [...found].map(([key, text]) =>
    `${key}:\n${JSON.stringify(text.length > 3000 ? shorten(text) : text)}`
  );
  if (cases.length > 0) {
    throw new Error(`chunked and whole-document loading disagree:\n${cases.join("\n")}`);
  }
  // The generator must also produce configs that are cut, or this test proves nothing.
  if (chunked < iterations / 20) throw new Error(`only ${chunked} of ${iterations} were cut`);
});

/** The lines that are not padding, for reading. */
function shorten(text: string): string {
  return text.split(/\r?\n/).filter((line) => !/pad\d+$|^\s*- sleep: 1s\r?$/.test(line)).join("\n");
}
