/**
 * How this code is being run: as TypeScript through tsx (tests, bench scripts) or compiled to
 * dist/ (the CLI). Threads and processes the tool starts must load their entry the same way.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** A module beside `base` (an `import.meta.url`), as the file that exists in this mode. */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${FROM_SOURCE ? '.ts' : '.js'}`, base);
}

/**
 * Node flags a child process needs to load `siblingModule` files and the given modules: tsx when
 * running from source or when one of them is TypeScript (the project's bench cases, in a clone).
 */
export function childExecArgv(modules: readonly string[] = []): string[] {
  const typeScript = FROM_SOURCE || modules.some((m) => m.endsWith('.ts'));
  return typeScript ? ['--import', import.meta.resolve('tsx')] : [];
}

/**
 * The entry of a worker thread that runs `name`. Loader hooks do not reach worker threads on Node 20,
 * so from source the thread starts in workerEntry.js, which registers tsx before importing `name`.
 */
export function workerThreadEntry(base: string, name: string): { url: URL; workerData?: string } {
  if (!FROM_SOURCE) return { url: siblingModule(base, name) };
  return { url: new URL('./sweep/workerEntry.js', import.meta.url), workerData: siblingModule(base, name).href };
}
