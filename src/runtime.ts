/**
 * How this code is being run: as TypeScript through tsx (tests, bench scripts) or bundled into
 * dist/ (the CLI, scripts/build.mjs). Threads and processes the tool starts must load their entry
 * the same way, and files read at run time are found from the package's root, which is one folder
 * up from src/runtime.ts and two up from every bundled file (dist/<folder>/<file>.js).
 */
import { SINGLE_THREADED_V8 } from './sweep/v8Flags.ts';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

const PACKAGE_ROOT = new URL(FROM_SOURCE ? '../' : '../../', import.meta.url);

/** A file of the package, by its path from the package's root (`package.json`, `bench/suite.ts`). */
export function packageFile(pathFromRoot: string): URL {
  return new URL(pathFromRoot, PACKAGE_ROOT);
}

/**
 * A module the tool loads by path (a thread's or process's entry, a page script read as text), by
 * its path under src/ without extension: `sweep/pointWorker` is src/sweep/pointWorker.ts from
 * source and dist/sweep/pointWorker.js bundled. Plain JavaScript files keep their `.js`.
 */
export function codeModule(pathUnderSrc: string): URL {
  if (pathUnderSrc.endsWith('.js')) return packageFile(`${FROM_SOURCE ? 'src' : 'dist'}/${pathUnderSrc}`);
  return packageFile(FROM_SOURCE ? `src/${pathUnderSrc}.ts` : `dist/${pathUnderSrc}.js`);
}

/**
 * Node flags a child process needs to load `codeModule` files and the given modules: tsx when
 * running from source or when one of them is TypeScript (the project's bench cases, in a clone).
 */
export function childExecArgv(modules: readonly string[] = []): string[] {
  const typeScript = FROM_SOURCE || modules.some((m) => m.endsWith('.ts'));
  return typeScript ? ['--import', import.meta.resolve('tsx')] : [];
}

/**
 * The entry of a worker thread that runs the module `pathUnderSrc`. Loader hooks do not reach
 * worker threads on Node 20, so from source the thread starts in workerEntry.js, which registers
 * tsx before importing the module. Bundled, the thread gets this process's Node options as
 * threadExecArgv leaves them (`execArgv`; undefined: all of them, as Node passes by default).
 */
export function workerThreadEntry(pathUnderSrc: string): {
  url: URL;
  workerData?: string;
  execArgv?: string[];
} {
  if (!FROM_SOURCE) return { url: codeModule(pathUnderSrc), execArgv: threadExecArgv(process.execArgv) };
  return { url: codeModule('sweep/workerEntry.js'), workerData: codeModule(pathUnderSrc).href };
}

/**
 * A process's Node options for a worker thread of compiled code, or undefined to pass them all.
 * Left out: the tsx import, which a TypeScript process (the bench's, the tests') would otherwise
 * load in the thread for nothing (about 0.1 s more start-up than the CLI's threads pay,
 * docs/benchmarks.md), and SINGLE_THREADED_V8, a V8 flag, which holds for every thread already
 * and which a thread refuses in its options.
 */
export function threadExecArgv(execArgv: readonly string[]): string[] | undefined {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i];
    if (option === '--import' && isTsx(execArgv[i + 1] ?? '')) i++;
    else if (
      !(option.startsWith('--import=') && isTsx(option.slice('--import='.length))) &&
      option !== SINGLE_THREADED_V8
    )
      kept.push(option);
  }
  return kept.length === execArgv.length ? undefined : kept;
}

/** `tsx` by name or by a path or URL into its package. */
function isTsx(specifier: string): boolean {
  return specifier === 'tsx' || specifier.includes('/node_modules/tsx/');
}
