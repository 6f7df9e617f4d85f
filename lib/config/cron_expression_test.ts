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

Deno.test("an expression whose days never meet a date is refused, saying it never fires", async (t) => {
  const never: [string, string][] = [
    ["0 0 31 4 *", 'it never fires: month "4" has no day-of-month "31"'],
    ["0 0 30 2 *", 'it never fires: month "2" has no day-of-month "30"'],
    ["0 0 31 apr,jun,sep,nov *", 'month "apr,jun,sep,nov" has no day-of-month "31"'],
    // Days must match both fields (day of month starts with *): day 1 is never a fifth Friday.
    [
      "0 0 */31 * 5#5",
      'no date in month "*" is both day-of-month "*/31" and day-of-week "5#5"',
    ],
    ["0 0 */30 2 5#L", 'is both day-of-month "*/30" and day-of-week "5#L"'],
  ];
  for (const [source, problem] of never) {
    await t.step(source, () => {
      const result = parseCronExpression(source);
      if (result.ok) throw new Error(`${source} was accepted`);
      assert(result.problem.includes(problem), result.problem);
    });
  }
  await t.step("the days that do come, if only in leap years or some months, are kept", () => {
    const rare = [
      "0 0 29 2 *", // every leap year
      "0 0 * 2 5#5", // a fifth Friday in February: a leap year's 29th
      "0 0 L 2 5#5",
      "0 0 31 4 1", // either field: every Monday in April
      "0 0 31 4,5 *", // May has a 31st
      "0 0 L 4 *",
      "@yearly",
    ];
    for (const source of rare) {
      const result = parseCronExpression(source);
      assert(result.ok, `${source}: ${result.ok || result.problem}`);
    }
  });
});
