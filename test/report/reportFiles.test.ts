import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { reportFiles, writeReport } from '../../src/report/reportFiles.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/world/runScenario.ts';

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

const TEXT = 'name: files\nhorizon: 6h\nreplications: 2\nvariants: [{ name: push, delivery: push }, { name: pull, delivery: pull }]\n';
const result = runScenario(loadScenarioText(TEXT, 'files.yaml'));

/** Every file under `dir` by forward-slash relative path, with its bytes. */
async function folderFiles(dir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, Buffer>();
  for (const entry of entries.filter((e) => e.isFile())) {
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full));
  }
  return files;
}

function asBytes(content: unknown): Buffer {
  if (Buffer.isBuffer(content)) return content;
  if (typeof content === 'string') return Buffer.from(content);
  return Buffer.from([...(content as { chunks: () => Iterable<string> }).chunks()].join(''));
}

describe('writeReport', () => {
  for (const charts of [true, false]) {
    it(`writes the files of reportFiles, byte for byte (charts: ${charts})`, async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'gitops-sim-report-'));
      roots.push(dir);
      await writeReport(dir, result, TEXT, { charts });
      const expected = await reportFiles(result, TEXT, { charts });
      const written = await folderFiles(dir);
      assert.deepEqual([...written.keys()].sort(), [...expected.keys()].sort());
      for (const [name, content] of expected) assert.ok(written.get(name)!.equals(asBytes(content)), name);
      assert.equal([...written.keys()].some((name) => name.startsWith('charts/')), charts);
    });
  }
});
