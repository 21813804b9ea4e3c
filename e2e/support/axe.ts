import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";

export type Finding = {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
  why: string;
};

/**
 * Scans what `page` shows against WCAG 2.1 A and AA and returns the serious and critical
 * violations (minor and moderate ones are attached to the report but do not fail).
 */
export async function scan(
  page: Page,
  screen: string,
  testInfo: TestInfo,
  only?: string,
): Promise<Finding[]> {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  if (only) builder = builder.include(only);
  const results = await builder.analyze();
  const all: Finding[] = results.violations.map((v) => ({
    screen,
    rule: v.id,
    impact: v.impact ?? "unknown",
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
    why: (v.nodes[0]?.failureSummary ?? "").split("\n").slice(1, 2).join("").trim(),
  }));
  if (all.length > 0) {
    await testInfo.attach(`axe ${screen}`, {
      body: JSON.stringify(results.violations, null, 2),
      contentType: "application/json",
    });
  }
  return all.filter((f) => f.impact === "serious" || f.impact === "critical");
}

export function describe(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        `- [${f.screen}] ${f.rule} (${f.impact}): ${f.help}\n    ${f.why}\n    ${f.targets.slice(0, 5).join("\n    ")}`,
    )
    .join("\n");
}
