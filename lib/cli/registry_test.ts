import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { CONFIG_ARGUMENT } from "./command.ts";
import { COMMANDS, findCommand } from "./registry.ts";

Deno.test("COMMANDS holds run, check, plan, schedule and history, each taking the config as its one argument, then report, the shared queue's commands and completions", () => {
  assertEquals(COMMANDS.map((command) => command.name), [
    "run",
    "check",
    "plan",
    "schedule",
    "history",
    "report",
    "submit",
    "worker",
    "status",
    "db",
    "completions",
  ]);
  for (const command of COMMANDS.slice(0, 5)) assertEquals(command.arguments, [CONFIG_ARGUMENT]);
  assertEquals(findCommand("submit")?.arguments, [CONFIG_ARGUMENT]);
  assertEquals(findCommand("worker")?.arguments, [CONFIG_ARGUMENT]);
  // status shows every queue of the database without a config.
  assertEquals(findCommand("status")?.arguments.map((argument) => argument.optional), [true]);
  assertEquals(findCommand("completions")?.arguments.map((argument) => argument.choices), [
    ["bash", "zsh", "fish"],
  ]);
});

Deno.test("COMMANDS has no two commands or options with the same name", () => {
  assertEquals(new Set(COMMANDS.map((command) => command.name)).size, COMMANDS.length);
  for (const command of COMMANDS) {
    const longNames = command.options.map((option) => /--[\w-]+/.exec(option.flags)?.[0]);
    assert(longNames.every((name) => name !== undefined), command.name);
    assertEquals(new Set(longNames).size, longNames.length, command.name);
  }
});

Deno.test("findCommand() finds a command by its exact name only", () => {
  assertEquals(findCommand("plan")?.name, "plan");
  assertEquals(findCommand("Plan"), undefined);
  assertEquals(findCommand("pla"), undefined);
});
