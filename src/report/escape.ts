/**
 * Names come from scenario files, so every output escapes them for its
 * medium (index.html has its own escapeHtml): Markdown must not render a
 * name's HTML or markup, a spreadsheet must not run a CSV cell as a
 * formula, a terminal must not obey a name's escape sequences.
 */

/** Markdown text: HTML's `& < >` as entities, Markdown's markup characters backslash-escaped, newlines as spaces. */
export function markdownText(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // A leading # + - or "1." would start a heading or a list.
    .replace(/^([#+-])(?=\s|$)/, '\\$1')
    .replace(/^(\d+)\.(?=\s|$)/, '$1\\.');
}

/** A Markdown table cell: as markdownText, with newlines as <br> (a bare one would end the table). */
export function markdownCell(text: string): string {
  return text.split(/\r\n|\r|\n/).map(markdownText).join('<br>');
}

/**
 * A CSV text cell: one starting with = + - @ or a tab or carriage return
 * is read as a formula by spreadsheets (OWASP "CSV injection"), so it gets
 * a leading apostrophe; numbers, even negative ones, are left alone.
 */
export function csvText(text: string): string {
  if (!/^[=+\-@\t\r]/.test(text)) return text;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return text;
  return `'${text}`;
}

/** Text for a terminal: control characters (C0 but tab and newline, DEL, C1) written as \u escapes. */
export function terminalText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
