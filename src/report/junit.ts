/**
 * junit.xml: the scenario's thresholds as JUnit test results, for the test
 * tabs of CI systems (GitLab, Jenkins, GitHub test reporters). One testsuite
 * per scenario, one testcase per variant x threshold: a missed threshold is a
 * <failure>, an inconclusive one <skipped> with the reason, so it shows
 * without failing the job. The layout follows the de facto schema of
 * Jenkins' JUnit plugin (https://github.com/testmoapp/junitxml).
 */
import type { ScenarioSummary } from '../metrics/results.ts';
import { valueText, verdictDetail } from './verdicts.ts';

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text for XML content or an attribute value; characters XML 1.0 cannot hold at all are dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
}

export function junitXml(summary: ScenarioSummary): string {
  const verdicts = summary.thresholds;
  const failures = verdicts.filter((v) => v.state === 'fail').length;
  const skipped = verdicts.filter((v) => v.state === 'inconclusive').length;
  const suite = escapeXml(summary.scenario.name);
  const counts = `tests="${verdicts.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  const cases = verdicts.map((v) => {
    const name = escapeXml(`${v.metric} ${v.expression}`);
    const open = `    <testcase classname="${suite}.${escapeXml(v.variant)}" name="${name}" time="0"`;
    const message = escapeXml(`${valueText(v.value, v.metric)}: ${verdictDetail(v)}`);
    if (v.state === 'pass') return `${open}/>`;
    const inner =
      v.state === 'fail'
        ? `<failure message="${message}" type="threshold">${message}</failure>`
        : `<skipped message="${message}"/>`;
    return `${open}>\n      ${inner}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gitops-sim thresholds" ${counts}>`,
    `  <testsuite name="${suite}" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
