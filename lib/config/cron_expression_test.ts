import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseCronExpression } from "./cron_expression.ts";

Deno.test("a weekday range ending on Sunday written 0 with a step is refused, as cronie refuses it", () => {
  for (const source of ["0 0 * * 5-0/2", "0 0 * * fri-sun/2"]) {
    const result = parseCronExpression(source);
    if (result.ok) throw new Error(`${source} was accepted`);
    assert(result.problem.startsWith("day-of-week"), result.problem);
    assert(result.problem.includes("ends on Sunday written as 0"), result.problem);
  }
  const fix = parseCronExpression("0 0 * * 5-0/2");
  assert(!fix.ok && fix.problem.includes("write 5-7/2"), JSON.stringify(fix));
});

Deno.test("the fix 5-7/2 is Friday and Sunday; 5-0 without a step is still Friday to Sunday", () => {
  const stepped = parseCronExpression("0 0 * * 5-7/2");
  if (!stepped.ok) throw new Error(stepped.problem);
  assertEquals(stepped.expression.pattern, "0 0 0 * * 0,5");
  const plain = parseCronExpression("0 0 * * 5-0");
  if (!plain.ok) throw new Error(plain.problem);
  assertEquals(plain.expression.pattern, "0 0 0 * * 0,5,6");
});
