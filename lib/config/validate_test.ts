import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { schemaIssues } from "./validate.ts";

Deno.test("each task is checked on its own: a date where text belongs fails, the same text passes", () => {
  const tasks = [
    { name: "a", fetch: "https://example.com/", save: "2024-01-01T00:00:00.000Z" },
    { name: "b", fetch: "https://example.com/", save: new Date("2024-01-01T00:00:00.000Z") },
    { name: "c", fetch: "https://example.com/", save: "2024-01-01T00:00:00.000Z" },
  ];
  const { issues } = schemaIssues({ tasks });
  assertEquals(issues.map((issue) => issue.path.join(".")), ["tasks.1.save"]);
});

Deno.test("a bad name is reported even when the rest of the task matches a valid one", () => {
  const { issues } = schemaIssues(
    { tasks: [{ name: "ok", sleep: "1s" }, { name: "", sleep: "1s" }] },
  );
  assertEquals(issues.map((issue) => issue.path.join(".")), ["tasks.1.name"]);
});
