import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "./mod.ts";
import { checkOutput, type OutputProbe, outputProblems } from "./output_check.ts";

const SOURCE = "/srv/corun/tasks.yaml";
const OUT = "/srv/corun/out";

function config(fields: Record<string, unknown>) {
  return validateConfig({
    outDir: "out",
    tasks: [{ name: "page", fetch: "http://127.0.0.1:1/x", save: "x.txt" }],
    ...fields,
  }, SOURCE);
}

function info(isDirectory: boolean, mode = 0o755, uid = 1000): Deno.FileInfo {
  return { isDirectory, isFile: !isDirectory, mode, uid } as Deno.FileInfo;
}

/** A file system of the given paths. */
function probe(paths: Record<string, Deno.FileInfo>, options: { uid?: number } = {}) {
  return {
    stat: (path) => paths[path],
    uid: options.uid ?? 1000,
  } satisfies OutputProbe;
}

const ROOT = { "/": info(true, 0o755, 0), "/srv": info(true, 0o755, 0) };

Deno.test("outputProblems() finds what a run would refuse before any I/O, naming the config and field", async (t) => {
  const cases: [string, ReturnType<typeof config>, OutputProbe, string[], string?][] = [
    [
      "a usable outDir",
      config({}),
      probe({ ...ROOT, "/srv/corun": info(true), [OUT]: info(true) }),
      [],
    ],
    ["an outDir still to make", config({}), probe({ ...ROOT, "/srv/corun": info(true) }), []],
    [
      "a metadata path that leaves outDir",
      config({ metadata: "../meta.jsonl" }),
      probe({ ...ROOT, "/srv/corun": info(true) }),
      [`${SOURCE}: metadata: "../meta.jsonl" leaves the output directory "${OUT}"; write a path inside it`],
    ],
    [
      "an outDir that is a file",
      config({}),
      probe({ ...ROOT, "/srv/corun": info(true), [OUT]: info(false) }),
      [`${SOURCE}: outDir: "${OUT}" is a file, not a directory`],
    ],
    [
      "an outDir under a file",
      config({ outDir: "file/out" }),
      probe({ ...ROOT, "/srv/corun": info(true), "/srv/corun/file": info(false) }),
      [`${SOURCE}: outDir: "/srv/corun/file/out" cannot be made: "/srv/corun/file" is a file`],
    ],
    [
      "an outDir its owner may not write",
      config({}),
      probe({ ...ROOT, "/srv/corun": info(true), [OUT]: info(true, 0o555) }),
      [`${SOURCE}: outDir: "${OUT}" is not writable by this user (mode 555)`],
    ],
    [
      "a folder of another user, closed to others, where outDir would be made",
      config({}),
      probe({ ...ROOT, "/srv/corun": info(true, 0o755, 0) }),
      [
        `${SOURCE}: outDir: "/srv/corun" is not writable by this user (mode 755), so "${OUT}" cannot be made`,
      ],
    ],
    [
      "root writes whatever the mode",
      config({}),
      probe({ ...ROOT, "/srv/corun": info(true), [OUT]: info(true, 0o555) }, { uid: 0 }),
      [],
    ],
    [
      "--out named as the place",
      config({}),
      probe({ ...ROOT, "/tmp": info(false) }),
      ['--out: "/tmp/o" cannot be made: "/tmp" is a file'],
      "/tmp/o",
    ],
    [
      "a config that writes nothing is not judged by its outDir",
      validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, SOURCE),
      probe({ ...ROOT, "/srv/corun": info(true), [OUT]: info(false) }),
      [],
    ],
    [
      "fetches without save or metadata write nothing",
      config({ metadata: false, tasks: [{ fetch: "http://127.0.0.1:1/x" }] }),
      probe({ ...ROOT, "/srv/corun": info(true), [OUT]: info(false) }),
      [],
    ],
  ];
  for (const [name, spec, fs, expected, outDirOverride] of cases) {
    await t.step(name, () => {
      assertEquals(outputProblems({ config: spec, label: SOURCE, outDirOverride }, fs), expected);
    });
  }
  await t.step("--lock writes its lock file in outDir", () => {
    const sleeps = validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, SOURCE);
    const fs = probe({ ...ROOT, "/srv/corun": info(true), [OUT]: info(false) });
    assertEquals(outputProblems({ config: sleeps, label: SOURCE, locking: true }, fs), [
      `${SOURCE}: outDir: "${OUT}" is a file, not a directory`,
    ]);
  });
});

Deno.test("outputProblems() names an output directory that is, or sits under, a symbolic link to nothing (run could make nothing there)", async (t) => {
  const dangling = (links: Record<string, string>) => ({
    ...probe({ "/srv/corun": info(true) }),
    brokenLink: (path: string) =>
      links[path] && `a symbolic link to ${JSON.stringify(links[path])}, which does not exist`,
  });
  await t.step("the output directory itself", () => {
    assertEquals(
      outputProblems({ config: config({}), label: SOURCE }, dangling({ [OUT]: "/mnt/gone" })),
      [
        `${SOURCE}: outDir: "${OUT}" is a symbolic link to "/mnt/gone", which does not exist`,
      ],
    );
  });
  await t.step("a folder above it", () => {
    const found = outputProblems(
      { config: config({ outDir: "out/today" }), label: SOURCE },
      dangling({ [OUT]: "/mnt/gone" }),
    );
    assertEquals(found, [
      `${SOURCE}: outDir: "${OUT}/today" cannot be made: "${OUT}" is a symbolic link to "/mnt/gone", which does not exist`,
    ]);
  });
});

Deno.test("check on a real output directory that is a broken link reports it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-outlink-" });
  try {
    await Deno.symlink(`${dir}/gone`, `${dir}/out`);
    const spec = validateConfig({
      outDir: `${dir}/out`,
      tasks: [{ name: "page", fetch: "http://127.0.0.1:1/x", save: "x.txt" }],
    }, SOURCE);
    assertEquals(checkOutput({ config: spec, label: SOURCE }).problems, [
      `${SOURCE}: outDir: "${dir}/out" is a symbolic link to "${dir}/gone", which does not exist`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a custom task or a response callback may write into outDir: check refuses an outDir that is a file", async (t) => {
  const fs = probe({ ...ROOT, "/srv/corun": info(true), [OUT]: info(false) });
  const refused = [`${SOURCE}: outDir: "${OUT}" is a file, not a directory`];
  const tasks: [string, Record<string, unknown>][] = [
    ["a custom task", { name: "custom", run: function* () {} }],
    [
      "a fetch with onResponse, no save and no metadata",
      { name: "callback", fetch: "http://127.0.0.1:1/x", onResponse: function* () {} },
    ],
  ];
  for (const [name, task] of tasks) {
    await t.step(name, () => {
      const spec = validateConfig({ outDir: "out", metadata: false, tasks: [task] }, SOURCE);
      assertEquals(checkOutput({ config: spec, label: SOURCE }, fs).problems, refused);
    });
  }
});

Deno.test("checkOutput() warns of an outDir that cannot be written when the run records only its history there", () => {
  const sleeps = validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, SOURCE);
  const cases: [string, OutputProbe, string[]][] = [
    ["a usable outDir", probe({ ...ROOT, "/srv/corun": info(true) }), []],
    [
      "an outDir that is a file",
      probe({ ...ROOT, "/srv/corun": info(true), [OUT]: info(false) }),
      [`${SOURCE}: outDir: "${OUT}" is a file, not a directory`],
    ],
    [
      "an outDir its owner may not write",
      probe({ ...ROOT, "/srv/corun": info(true), [OUT]: info(true, 0o555) }),
      [`${SOURCE}: outDir: "${OUT}" is not writable by this user (mode 555)`],
    ],
  ];
  for (const [name, fs, found] of cases) {
    assertEquals(checkOutput({ config: sleeps, label: SOURCE }, fs), {
      problems: [],
      warnings: found.map((problem) =>
        `${problem}; corun run cannot record its history (.corun-history.jsonl) there`
      ),
    }, name);
  }
});

Deno.test("outputProblems() refuses a metadata log that --out puts on the config file or another file the run reads", () => {
  const here = probe({ ...ROOT, "/srv/corun": info(true) });
  const clash = (outDirOverride: string) =>
    outputProblems(
      { config: config({ metadata: "tasks.yaml" }), label: SOURCE, outDirOverride },
      here,
    );
  const own = "the metadata log needs a file of its own";
  assertEquals(clash("/srv/corun"), [
    `${SOURCE}: metadata: in --out "/srv/corun", "tasks.yaml" is the config file: ${own}`,
  ]);
  // Elsewhere it is a file of its own, as in the config's own outDir.
  assertEquals(clash("/srv/corun/elsewhere"), []);
  assertEquals(
    outputProblems({ config: config({ metadata: "tasks.yaml" }), label: SOURCE }, here),
    [],
  );
});
