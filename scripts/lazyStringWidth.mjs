// An esbuild plugin for the bundle's start-up: every `string-width` (yargs', cliui's and wrap-ansi's
// own versions) builds an Intl.Segmenter and Unicode property regular expressions as it loads, some
// 40 ms before any command runs, though only help text is ever measured with it. Each import of
// `string-width` becomes a small module that answers printable ASCII and line breaks itself and loads
// the real module, unchanged, on its first other string. Same widths: every version gives each
// printable ASCII character width 1 and a line feed width 0 (test/scripts/lazyStringWidth.test.ts
// checks this against each installed version).
import { basename, dirname, relative, resolve } from 'node:path';

const NAMESPACE = 'lazy-string-width';
/** Passed to esbuild's own resolver, so the plugin does not answer its own lookup. */
const REAL = Symbol('real string-width');

/** The module that stands in for the real one, `file` in its folder, which esbuild bundles as a lazily run module. */
function standIn(file) {
  return `let stringWidth;
export default function lazyStringWidth(string, options) {
  if (typeof string === 'string' && /^[\\x20-\\x7e\\n]*$/.test(string)) {
    let lineFeeds = 0;
    for (let i = string.indexOf('\\n'); i !== -1; i = string.indexOf('\\n', i + 1)) lineFeeds++;
    return string.length - lineFeeds;
  }
  stringWidth ??= require(${JSON.stringify(`./${file}`)}).default;
  return stringWidth(string, options);
}
`;
}

export const lazyStringWidth = {
  name: NAMESPACE,
  setup(build) {
    const root = () => build.initialOptions.absWorkingDir ?? process.cwd();
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === REAL) return undefined;
      const real = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: REAL,
      });
      if (real.errors.length > 0) return { errors: real.errors };
      // Relative, so the bundle's comments name no folder of the machine that built it.
      return { path: relative(root(), real.path), namespace: NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
      const path = resolve(root(), args.path);
      return { contents: standIn(basename(path)), resolveDir: dirname(path), loader: 'js' };
    });
  },
};
