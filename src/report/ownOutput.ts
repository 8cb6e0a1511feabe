/**
 * Whether a folder is provably one the tool wrote, so replacing it whole loses nothing of anyone
 * else's: its marker file parses as the tool's own format, and every other entry is a name the tool
 * writes. A marker's name alone proves nothing: `manifest.json` is a common file name, and a report
 * folder may have gained the user's notes or the scenario since it was written.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_RESULT_FILE_BYTES } from '../scenario/limits.ts';

/** The layout of one kind of output folder (a run's report, a sweep's results). */
export interface OutputKind {
  /** The file every such folder holds, read to prove the folder is the tool's. */
  readonly marker: string;
  /** Regular files the tool writes at the top of the folder (the marker among them). */
  readonly files: ReadonlySet<string>;
  /** Subfolders the tool writes, each with the names of the regular files it puts there. */
  readonly folders: ReadonlyMap<string, RegExp>;
  /** Why the marker's parsed JSON is not one the tool writes, or undefined. */
  markerProblem(data: unknown): string | undefined;
}

/**
 * Files the operating system's file browser leaves in any folder it shows (view settings, thumbnails):
 * opening index.html from Finder or Explorer must not make the report unreplaceable.
 */
const BROWSER_FILES = new Set(['.DS_Store', 'Thumbs.db']);

/** How many foreign entries a message names before "and N more". */
const NAMED_ENTRIES = 5;

/**
 * What in the existing folder `dir` is not the tool's, as readable phrases ("notes.md",
 * "manifest.json (not a gitops-sim sweep manifest: ...)"); empty when the folder is empty or provably
 * the tool's. Only the marker is read; the other files are judged by name and type.
 */
export async function foreignEntries(dir: string, kind: OutputKind): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.length === 0) return [];
  const foreign: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (BROWSER_FILES.has(entry.name) && entry.isFile()) continue;
    if (entry.name === kind.marker) {
      const problem = entry.isFile()
        ? await markerProblem(path.join(dir, entry.name), kind)
        : 'not a regular file';
      if (problem !== undefined) foreign.push(`${entry.name} (${problem})`);
    } else if (entry.isFile()) {
      if (!kind.files.has(entry.name)) foreign.push(entry.name);
    } else if (entry.isDirectory() && kind.folders.has(entry.name)) {
      foreign.push(...(await foreignInFolder(dir, entry.name, kind.folders.get(entry.name) as RegExp)));
    } else {
      foreign.push(`${entry.name}${entry.isDirectory() ? '/' : ` (${typeOf(entry)})`}`);
    }
  }
  if (!entries.some((e) => e.name === kind.marker)) foreign.push(`no ${kind.marker}`);
  return foreign;
}

/** "a, b, c, d, e and 3 more". */
export function entryList(entries: readonly string[]): string {
  const shown = entries.slice(0, NAMED_ENTRIES).join(', ');
  return entries.length > NAMED_ENTRIES ? `${shown} and ${entries.length - NAMED_ENTRIES} more` : shown;
}

async function foreignInFolder(dir: string, name: string, files: RegExp): Promise<string[]> {
  const foreign: string[] = [];
  for (const entry of await readdir(path.join(dir, name), { withFileTypes: true })) {
    if (BROWSER_FILES.has(entry.name) && entry.isFile()) continue;
    if (!entry.isFile() || !files.test(entry.name)) {
      foreign.push(`${name}/${entry.name}${entry.isDirectory() ? '/' : ''}`);
    }
  }
  return foreign.sort();
}

async function markerProblem(file: string, kind: OutputKind): Promise<string | undefined> {
  // Bounded: a marker-named file of any size may sit there.
  if ((await lstat(file)).size > MAX_RESULT_FILE_BYTES) return `more than ${MAX_RESULT_FILE_BYTES} bytes`;
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return 'not JSON';
  }
  return kind.markerProblem(data);
}

function typeOf(entry: Dirent): string {
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isDirectory()) return 'a folder';
  if (entry.isFile()) return 'a file';
  return 'a special file';
}
