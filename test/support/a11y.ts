import AxeBuilder from '@axe-core/playwright';
import { Page } from 'playwright-core';

/**
 * axe-core, Deque's accessibility rules, over what a page shows now. Every rule runs; the only parts
 * left out are framework internals the portal cannot change, each listed here with the reason and
 * printed by the tests that use this helper.
 */
export const FRAMEWORK_EXCLUSIONS: ReadonlyArray<{ selector: string; why: string }> = [];

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface A11yFinding {
  /** The page (or state of a page) the finding was made on. */
  where: string;
  rule: string;
  impact: Impact;
  help: string;
  /** CSS selectors of the first few elements concerned, with a piece of their HTML. */
  nodes: string[];
}

/** Runs axe on the page as it is and returns every violation, most severe first. */
export async function auditPage(page: Page, where: string): Promise<A11yFinding[]> {
  let builder = new AxeBuilder({ page });
  for (const { selector } of FRAMEWORK_EXCLUSIONS) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const rank: Record<Impact, number> = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  return violations
    .map((v) => ({
      where,
      rule: v.id,
      impact: (v.impact ?? 'minor') as Impact,
      help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 140)}`),
    }))
    .sort((a, b) => rank[a.impact] - rank[b.impact]);
}

/** Serious and critical findings only: the ones the portal must not ship. */
export const blocking = (findings: A11yFinding[]) => findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');

/** One line per finding, for the test's output. */
export const describeFindings = (findings: A11yFinding[]) =>
  findings.map((f) => `  [${f.impact}] ${f.where}: ${f.rule} — ${f.help}\n${f.nodes.map((n) => `      ${n}`).join('\n')}`).join('\n');

/** What the tests print before their findings: which parts of the page axe did not look at, and why. */
export const exclusionsNote = () =>
  FRAMEWORK_EXCLUSIONS.length
    ? `axe left out:\n${FRAMEWORK_EXCLUSIONS.map((e) => `  ${e.selector}: ${e.why}`).join('\n')}`
    : 'axe left out: nothing';
