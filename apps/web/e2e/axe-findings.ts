import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/** What the screen sweeps (a11y-sweep, phone-layout) find with axe, gathered to be reported all at once. */

export interface Finding {
  where: string;
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Moderate rules held too: the page's outline and landmarks, which screen reader users
 * navigate by (all clean when this sweep was written).
 */
const STRUCTURE_RULES = ["heading-order", "landmark-one-main", "landmark-unique", "page-has-heading-one"];

/** Rules whose outcome depends on the colours: all that can change between the themes. */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/**
 * The page's serious and critical violations, and its structure ones. Every rule, or the
 * colour rules only (a second theme: the page is otherwise the same).
 */
export async function axeFindings(page: Page, where: string, coloursOnly = false): Promise<Finding[]> {
  // Legacy mode runs axe in the page itself: the default opens a blank page per run to
  // gather frames' results (this app has no frames), about 2 s a run on two cores.
  let axe = new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ["violations"] });
  if (coloursOnly) axe = axe.withRules(COLOUR_RULES);
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical" || STRUCTURE_RULES.includes(v.id))
    .map((v) => ({
      where,
      rule: v.id,
      impact: v.impact ?? "",
      help: v.help,
      nodes: v.nodes
        .slice(0, 3)
        .map(
          (n) =>
            `${n.target.join(" ")}${n.failureSummary ? ` (${n.failureSummary.split("\n").slice(1).join(" ").trim()})` : ""}`,
        ),
    }));
}

/** One line (and its first nodes) per finding, for an expectation's diff. */
export const reportOf = (findings: Finding[]) =>
  findings.map((f) => `${f.rule} (${f.impact}) on ${f.where}: ${f.help}\n    ${f.nodes.join("\n    ")}`);
