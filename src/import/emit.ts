/**
 * The scenario as commented YAML: every value with a comment saying where it
 * came from, the warnings at the top, grouped by object kind.
 */
import { parse } from 'yaml';
import type { Warnings } from './warnings.ts';

export interface Leaf {
  readonly value: unknown;
  /** `file:line field`, or `default (<which>)`. */
  readonly from: string;
}

/** A mapping of keys to values, sections or lists of sections, in the order written. */
export interface Section {
  readonly [key: string]: Leaf | Section | readonly Section[];
}

const COMMENT_COLUMN = 44;

export function isLeaf(node: unknown): node is Leaf {
  return typeof node === 'object' && node !== null && 'from' in node && 'value' in node;
}

export function emitScenario(header: readonly string[], warnings: Warnings, body: Section): string {
  const lines = header.map((h) => comment(h));
  const groups = warnings.byKind();
  if (groups.size === 0) lines.push('# Warnings: none; every object found was mapped.');
  else lines.push('# Warnings: what could not be mapped, by kind:');
  for (const [kind, list] of groups) {
    lines.push(`#   ${kind} (${list.length}):`);
    for (const w of list) lines.push(comment(`    ${w.where}: ${w.message}`));
  }
  lines.push('');
  writeSection(body, '', lines);
  return `${lines.join('\n')}\n`;
}

function writeSection(section: Section, indent: string, lines: string[]): void {
  for (const [key, node] of Object.entries(section)) {
    if (isLeaf(node)) {
      lines.push(withComment(`${indent}${key}: ${flow(node.value)}`, node.from));
    } else if (Array.isArray(node)) {
      lines.push(`${indent}${key}:`);
      for (const item of node as readonly Section[]) {
        const inner: string[] = [];
        writeSection(item, `${indent}    `, inner);
        inner[0] = `${indent}  - ${inner[0].slice(indent.length + 4)}`;
        lines.push(...inner);
      }
    } else {
      lines.push(`${indent}${key}:`);
      writeSection(node as Section, `${indent}  `, lines);
    }
  }
}

function withComment(line: string, from: string): string {
  return `${line.padEnd(COMMENT_COLUMN - 1)} # ${oneLine(from)}`;
}

function comment(text: string): string {
  return `# ${oneLine(text)}`.trimEnd();
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** A value in YAML flow style: plain where that reads back the same, quoted otherwise. */
export function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${flow(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  if (typeof value === 'string') return plainSafe(value) ? value : JSON.stringify(value);
  return String(value);
}

function plainSafe(text: string): boolean {
  if (!/^[A-Za-z0-9_./()%-][A-Za-z0-9_./()% +-]*$/.test(text) || text.endsWith(' ')) return false;
  try {
    return parse(text) === text;
  } catch {
    return false;
  }
}
