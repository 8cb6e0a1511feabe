/**
 * The documentation cannot drift: every relative link in README.md and docs/*.md leads to a file
 * (and every #anchor to a heading in it), the annotated scenario example in docs/scenario-format.md
 * loads with the project's own loader, and the README stays short.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenarioText } from '../../src/scenario/load.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The issue asks for a README of "at most about 12 KB"; this is the hard ceiling. */
const MAX_README_BYTES = 12_500;
/** The heading above the annotated example in docs/scenario-format.md. */
const EXAMPLE_HEADING = '## Annotated example';

/** GitHub's heading anchor: lowercase, punctuation dropped except - and _, each space a -. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Lines outside fenced code blocks, with inline code blanked (links and headings there are text). */
function proseLines(markdown: string): string[] {
  const lines: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) lines.push(line.replace(/`[^`\n]*`/g, '``'));
  }
  return lines;
}

/** The anchors of a file's headings, numbered as GitHub numbers repeats (-1, -2, ...). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of headingLines(markdown)) {
    const base = slug(line);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Heading texts outside code blocks, inline code kept as its text. */
function headingLines(markdown: string): string[] {
  const headings: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else if (!fenced) {
      const match = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (match) headings.push(match[1]!);
    }
  }
  return headings;
}

/** Link and image targets of the prose, as written. */
function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const line of proseLines(markdown)) {
    for (const match of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      targets.push(match[1]!);
    }
  }
  return targets;
}

/** What is wrong with one target of `file`, or undefined when it resolves. */
function brokenLink(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:: not checked offline
  const [path, anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = path === '' ? file : join(dirname(file), decodeURIComponent(path));
  if (!existsSync(resolved)) return `${target}: no file ${relative(ROOT, resolved)}`;
  if (anchor === undefined) return undefined;
  if (!statSync(resolved).isFile() || !resolved.endsWith('.md'))
    return `${target}: an anchor into a non-Markdown file`;
  if (!anchors(readFileSync(resolved, 'utf8')).has(anchor)) return `${target}: no heading #${anchor}`;
  return undefined;
}

/**
 * The first ```yaml block after the marker heading, preceded by blank lines in place of the lines
 * before it, so the loader's messages give the line in the Markdown file.
 */
function exampleAfter(markdown: string, heading: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) return undefined;
  const open = lines.findIndex((line, i) => i > start && line.trim() === '```yaml');
  if (open < 0) return undefined;
  const close = lines.findIndex((line, i) => i > open && line.trim() === '```');
  return close < 0 ? undefined : '\n'.repeat(open + 1) + lines.slice(open + 1, close).join('\n');
}

const docFiles = [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(ROOT, 'docs', name)),
];

describe('the checks themselves', () => {
  test('slugs follow GitHub', () => {
    const cases: [string, string][] = [
      ['Scenario files', 'scenario-files'],
      ['Options of `run`', 'options-of-run'],
      [
        'Code commits: a rate, a weekly window or a replay',
        'code-commits-a-rate-a-weekly-window-or-a-replay',
      ],
      ['Durations, distributions and sizes', 'durations-distributions-and-sizes'],
      ['What is modelled (and simplified)', 'what-is-modelled-and-simplified'],
      ['snake_case and kebab-case', 'snake_case-and-kebab-case'],
      ['A -- B', 'a----b'],
    ];
    for (const [heading, expected] of cases) assert.equal(slug(heading), expected, heading);
  });

  test('repeated headings get numbered anchors; headings in code are not headings', () => {
    const found = anchors('# A\n## Notes\n```sh\n# not a heading\n```\n## Notes\n');
    assert.deepEqual([...found], ['a', 'notes', 'notes-1']);
  });

  test('links are found in prose, not in code', () => {
    const markdown =
      'See [x](a.md#b) and ![p](img.png "t").\n`[no](c.md)`\n```\n[no](d.md)\n```\n[web](https://e.org)';
    assert.deepEqual(linkTargets(markdown), ['a.md#b', 'img.png', 'https://e.org']);
  });

  test('a missing file or heading is reported', () => {
    const readme = join(ROOT, 'README.md');
    assert.match(brokenLink(readme, 'docs/no-such-file.md') ?? '', /no file docs\/no-such-file\.md/);
    assert.match(brokenLink(readme, 'docs/commands.md#no-such-heading') ?? '', /no heading/);
    assert.equal(brokenLink(readme, 'docs/commands.md#exit-codes'), undefined);
  });

  test('the example is the yaml block after its heading', () => {
    const markdown =
      '```yaml\nbefore: 1\n```\n## Annotated example\ntext\n```yaml\nname: x\n```\n```yaml\nafter: 1\n```';
    assert.equal(exampleAfter(markdown, EXAMPLE_HEADING), '\n\n\n\n\n\nname: x');
    assert.equal(exampleAfter('no heading', EXAMPLE_HEADING), undefined);
  });
});

describe('the documentation', () => {
  for (const file of docFiles) {
    test(`every relative link in ${relative(ROOT, file)} resolves`, () => {
      const broken = linkTargets(readFileSync(file, 'utf8'))
        .map((target) => brokenLink(file, target))
        .filter((problem) => problem !== undefined);
      assert.deepEqual(broken, []);
    });
  }

  test('the annotated example in docs/scenario-format.md is a valid scenario', () => {
    const file = join(ROOT, 'docs', 'scenario-format.md');
    const example = exampleAfter(readFileSync(file, 'utf8'), EXAMPLE_HEADING);
    assert.ok(example, `a \`\`\`yaml block after "${EXAMPLE_HEADING}" in docs/scenario-format.md`);
    const scenario = loadScenarioText(example, 'docs/scenario-format.md');
    // The whole example, not a fragment: every delivery kind and the thresholds are there.
    assert.deepEqual(
      scenario.variants.map((v) => v.name),
      ['push', 'argocd', 'flux'],
    );
    assert.ok(Object.keys(scenario.thresholds ?? {}).length > 0);
  });

  test('the environments example in docs/scenario-format.md is a valid scenario', () => {
    const file = join(ROOT, 'docs', 'scenario-format.md');
    const example = exampleAfter(readFileSync(file, 'utf8'), '## Environments and promotion');
    assert.ok(example, 'a ```yaml block after "## Environments and promotion" in docs/scenario-format.md');
    const scenario = loadScenarioText(example, 'docs/scenario-format.md');
    assert.deepEqual(
      scenario.environments?.map((e) => e.name),
      ['staging', 'production'],
    );
    assert.deepEqual(
      scenario.variants.map((v) => Object.values(v.promotion ?? {}).map((g) => g.type)),
      [['auto'], ['auto'], ['manual']],
    );
  });

  test('the package: its documentation links only to files it ships, and it runs nothing at install', () => {
    const listing = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(listing.status, 0, listing.stderr);
    const shipped: string[] = JSON.parse(listing.stdout)[0].files.map((f: { path: string }) => f.path);
    const ships = (path: string) => shipped.some((f) => f === path || f.startsWith(`${path.replace(/\/$/, '')}/`));
    const shippedDocs = docFiles.filter((file) => ships(relative(ROOT, file)));
    assert.ok(shippedDocs.includes(join(ROOT, 'README.md')) && shippedDocs.length > 1);
    const unshipped = shippedDocs.flatMap((file) =>
      linkTargets(readFileSync(file, 'utf8'))
        .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
        .map((target) => relative(ROOT, join(dirname(file), decodeURIComponent(target.split('#')[0]!))))
        .filter((path) => !ships(path))
        .map((path) => `${relative(ROOT, file)} -> ${path}`),
    );
    assert.deepEqual(unshipped, []);
    // npm lists these as the package's install scripts; none could run from the tarball (no scripts/).
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
      assert.equal(pkg.scripts[script], undefined, script);
    }
  });

  test(`README.md is at most ${MAX_README_BYTES} bytes`, () => {
    const bytes = statSync(join(ROOT, 'README.md')).size;
    assert.ok(bytes <= MAX_README_BYTES, `README.md has ${bytes} bytes`);
  });
});
