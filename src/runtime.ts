/**
 * How this code is being run: as TypeScript through tsx (tests, bench scripts) or compiled to
 * dist/ (the CLI). Threads and processes the tool starts must load their entry the same way.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** A module beside `base` (an `import.meta.url`), as the file that exists in this mode. */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${FROM_SOURCE ? '.ts' : '.js'}`, base);
}

/** Node flags a child process needs to load `siblingModule` files: tsx only when running from source. */
export function childExecArgv(): string[] {
  return FROM_SOURCE ? ['--import', import.meta.resolve('tsx')] : [];
}

/**
 * The entry of a worker thread that runs `name`. Loader hooks do not reach worker threads on Node 20,
 * so from source the thread starts in workerEntry.js, which registers tsx before importing `name`.
 */
export function workerThreadEntry(base: string, name: string): { url: URL; workerData?: string } {
  if (!FROM_SOURCE) return { url: siblingModule(base, name) };
  return { url: new URL('./sweep/workerEntry.js', import.meta.url), workerData: siblingModule(base, name).href };
}
