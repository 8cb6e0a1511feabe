/**
 * Reads Kubernetes manifests as a team keeps them: YAML files or folders of
 * them (kustomize-style folders are read as plain files), several documents
 * per file. Every object keeps its file and the line of each field, so the
 * scenario can say where each value came from.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import { readTextFile, TextFileError } from '../scenario/textFile.ts';
import { ImportError, type ImportProblem } from './errors.ts';
import type { Warnings } from './warnings.ts';

/** Limits: a large platform repository fits; a home directory given by mistake does not. */
export const MAX_FILES = 5000;
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
export const MAX_DOCUMENTS = 50_000;
/** yaml's maxAliasCount per document: a "billion laughs" document expands past it and is skipped. */
export const MAX_ALIAS_COUNT = 100;

export interface ManifestObject {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** '' when the manifest names none. */
  readonly namespace: string;
  readonly body: Record<string, unknown>;
  /** `file:line` of a field (`spec.replicas`, or segments when keys hold dots), or of the object when the field is absent. */
  readonly at: (path: string | readonly (string | number)[]) => string;
}

/** Every Kubernetes object under the paths, in file order; other documents become warnings. */
export function readManifests(paths: readonly string[], warnings: Warnings): ManifestObject[] {
  const files = paths.flatMap((path) => listFiles(path, warnings));
  if (files.length > MAX_FILES) {
    throw readError(paths.join(' '), `at most ${MAX_FILES} YAML files`, `${files.length}`);
  }
  let totalBytes = 0;
  const objects: ManifestObject[] = [];
  const yamlProblems: ImportProblem[] = [];
  let documents = 0;
  for (const file of files) {
    // Counted before reading: the total is a limit on what is read.
    totalBytes += statSync(file).size;
    if (totalBytes > MAX_TOTAL_BYTES)
      throw readError(file, `at most ${MAX_TOTAL_BYTES} bytes of manifests in all`, 'more');
    const text = readManifestText(file);
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, logLevel: 'error' });
    const list = Array.isArray(docs) ? docs : [];
    for (const doc of list) {
      for (const error of doc.errors) {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        yamlProblems.push({ file, line, column: col, expected: 'valid YAML', found: clause(error.message) });
      }
    }
    if (yamlProblems.length > 0) continue;
    for (const doc of list) {
      if (++documents > MAX_DOCUMENTS)
        throw readError(file, `at most ${MAX_DOCUMENTS} YAML documents in all`, 'more');
      const object = toObject(file, doc, lineCounter, warnings);
      if (object !== undefined) objects.push(object);
    }
  }
  if (yamlProblems.length > 0) throw new ImportError('E_IMPORT_YAML', yamlProblems);
  return objects;
}

function toObject(
  file: string,
  doc: Document,
  lineCounter: LineCounter,
  warnings: Warnings,
): ManifestObject | undefined {
  const lineOf = (node: { range?: readonly number[] | null } | null | undefined) =>
    lineCounter.linePos(node?.range?.[0] ?? 0).line;
  // An empty document (between --- separators, or comments only).
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return undefined;
  const here = `${file}:${lineOf(doc.contents)}`;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    // The document's kind is read without expanding anything, so the warning names what was lost.
    const kind = doc.get('kind');
    warnings.add(
      typeof kind === 'string' ? kind : '(not Kubernetes)',
      here,
      `its YAML aliases expand past the limit of ${MAX_ALIAS_COUNT} (an alias bomb?); the document is skipped`,
      { unread: true },
    );
    return undefined;
  }
  if (!isMap(doc.contents) || !isRecord(data)) {
    warnings.add('(not Kubernetes)', here, 'not a mapping; skipped');
    return undefined;
  }
  const metadata = isRecord(data.metadata) ? data.metadata : {};
  const { apiVersion, kind } = data;
  if (
    kind === 'Kustomization' &&
    typeof apiVersion === 'string' &&
    apiVersion.startsWith('kustomize.config.k8s.io/')
  ) {
    warnings.add(
      kind,
      here,
      `${apiVersion}: a kustomize build file; the folder's files are read as they are (no patches or overlays applied)`,
    );
    return undefined;
  }
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof metadata.name !== 'string') {
    warnings.add('(not Kubernetes)', here, 'no apiVersion, kind and metadata.name; skipped');
    return undefined;
  }
  return {
    file,
    apiVersion,
    kind,
    name: metadata.name,
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
    body: data,
    at: (path) => {
      const segments =
        typeof path === 'string' ? path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : path;
      // The line of the key (a mapping's value starts on the line below it), or of a list item.
      const parent = segments.length === 1 ? doc.contents : doc.getIn(segments.slice(0, -1), true);
      const last = segments[segments.length - 1];
      const node = isMap(parent)
        ? parent.items.find((pair) => isScalar(pair.key) && pair.key.value === last)?.key
        : isSeq(parent) && typeof last === 'number'
          ? parent.items[last]
          : undefined;
      return `${file}:${lineOf((node as Node | undefined) ?? doc.contents)}`;
    },
  };
}

/**
 * Files under a path: the file itself, or every .yaml/.yml below a folder (dot-folders skipped), sorted.
 * A symbolic link to a file is read, as Argo CD reads a directory app's linked manifests
 * (reposerver/repository/repository.go, getPotentiallyValidManifestFile); a link to a folder is not
 * followed (it may loop), and a link to nothing is skipped: both with a warning.
 */
function listFiles(path: string, warnings: Warnings): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    throw readError(path, 'a manifest file or folder', describeReadFailure(error));
  }
  if (!stat.isDirectory()) return [path];
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      const yaml = /\.ya?ml$/i.test(entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && yaml) found.push(full);
      else if (entry.isSymbolicLink()) {
        const target = linkTarget(full);
        if (target === 'file' && yaml) found.push(full);
        else if (target === 'missing' && yaml) warnings.add('(file)', full, 'a symbolic link to a missing path; skipped', { unread: true });
        else if (target === 'loop' && yaml) warnings.add('(file)', full, 'a symbolic link loop; skipped', { unread: true });
        else if (target === 'folder') warnings.add('(file)', full, 'a symbolic link to a folder; not followed', { unread: true });
      }
      if (found.length > MAX_FILES) return;
    }
  };
  walk(path);
  return found;
}

/** Checked before reading, as the scenario file is (a path given directly may be a FIFO or a device), and decoded. */
function readManifestText(file: string): string {
  try {
    return readTextFile(file, MAX_FILE_BYTES, 'manifest');
  } catch (error) {
    if (!(error instanceof TextFileError)) throw error;
    const { line, column, expected, found, hint } = error;
    throw new ImportError('E_IMPORT_READ', [{ file, line, column, expected, found, ...(hint !== undefined && { hint }) }]);
  }
}

/** What a symbolic link leads to; other kinds (devices, pipes) count as files and are refused when read. */
function linkTarget(link: string): 'file' | 'folder' | 'missing' | 'loop' {
  try {
    const stat = statSync(link, { throwIfNoEntry: false });
    if (stat === undefined) return 'missing';
    return stat.isDirectory() ? 'folder' : 'file';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return 'loop';
    throw error;
  }
}

function readError(file: string, expected: string, found: string): ImportError {
  return new ImportError('E_IMPORT_READ', [{ file, line: 0, column: 0, expected, found }]);
}

function describeReadFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'a path this process may not read';
  return error instanceof Error ? error.message : String(error);
}

/** yaml's message as a clause, first line only. */
function clause(message: string): string {
  const first = message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/\.$/, '');
  return JSON.stringify(first.charAt(0).toLowerCase() + first.slice(1));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
