import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { callerDirOf } from "./caller_dir.ts";

const PROJECT = "/home/me/project";

Deno.test("callerDirOf() takes CORUN_CALLER_DIR as it is, and only that", async (t) => {
  const configs = `${PROJECT}/configs`;
  const cases: [string, string | undefined, string | undefined, string | undefined][] = [
    ["a folder inside the project", configs, PROJECT, configs],
    ["written with a trailing slash and dots", `${configs}/./`, PROJECT, configs],
    ["a folder outside the working directory", "/srv/other", PROJECT, "/srv/other"],
    ["the working directory not readable", configs, undefined, configs],
    ["unset", undefined, PROJECT, undefined],
    ["empty (turned off)", "", PROJECT, undefined],
    ["relative", "configs", PROJECT, undefined],
    ["the working directory itself", `${PROJECT}/`, PROJECT, undefined],
  ];
  for (const [name, value, cwd, expected] of cases) {
    await t.step(name, () => assertEquals(callerDirOf(value, cwd), expected));
  }
});
