import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build, type Plugin } from 'esbuild';

const ROOT = new URL('../../', import.meta.url);
/** Every string-width the bundle has (yargs', cliui's and wrap-ansi's), by the folder that imports it. */
const IMPORTERS = ['.', 'node_modules/cliui', 'node_modules/wrap-ansi'];

const pluginUrl = new URL('scripts/lazyStringWidth.mjs', ROOT).href;
const { lazyStringWidth } = (await import(pluginUrl)) as { lazyStringWidth: Plugin };

type Width = (
  text: string,
  options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean },
) => number;

/** string-width as `importer` finds it: bundled as the CLI bundles it (with the plugin), or the real module. */
async function widthFunction(importer: string, plugin: boolean): Promise<Width> {
  const result = await build({
    stdin: {
      contents: "export { default } from 'string-width';",
      resolveDir: new URL(importer, ROOT).pathname,
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    plugins: plugin ? [lazyStringWidth] : [],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  return (await import(`data:text/javascript,${encodeURIComponent(code)}`)).default;
}

/** A deterministic mix of printable ASCII and line feeds, the strings the stand-in answers itself. */
function asciiStrings(count: number): string[] {
  let state = 7;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: next() % 40 }, () =>
      next() % 8 === 0 ? '\n' : String.fromCharCode(32 + (next() % 95)),
    ).join(''),
  );
}

const CORPUS = [
  '',
  ...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)),
  'Examples:\n  gitops-sim validate scenarios/*.yaml\n      Check every bundled scenario\n',
  '  --precision  Add replications until the headline figures are within ±5%',
  'a\r\nb',
  '\u001b[31mred\u001b[0m\n',
  '日本語のテキスト',
  'e\u0301 \u00e9 \u{1F44D}\u{1F3FD} \u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  '\u00a1ambiguous\u00b1',
  ...asciiStrings(300),
];

test('the stand-in gives the same width as each real string-width, for ASCII, line breaks and the rest', async () => {
  for (const importer of IMPORTERS) {
    const lazy = await widthFunction(importer, true);
    const real = await widthFunction(importer, false);
    assert.equal(lazy.name, 'lazyStringWidth', importer);
    for (const text of CORPUS) {
      for (const options of [undefined, { ambiguousIsNarrow: false }, { countAnsiEscapeCodes: true }]) {
        assert.equal(
          lazy(text, options),
          real(text, options),
          `${importer}: ${JSON.stringify(text)} ${JSON.stringify(options)}`,
        );
      }
    }
  }
});

test('printable ASCII is one column a character and a line feed none, in every real string-width', async () => {
  for (const importer of IMPORTERS) {
    const real = await widthFunction(importer, false);
    for (let code = 0x20; code <= 0x7e; code++)
      assert.equal(real(String.fromCharCode(code)), 1, `${importer}: ${code}`);
    assert.equal(real('\n'), 0, importer);
    assert.equal(real('ab\ncd\n'), 4, importer);
  }
});
