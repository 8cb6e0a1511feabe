import { readFileSync } from 'node:fs';
import { packageFile } from './runtime.ts';

/** The tool's name and version, from package.json: reports say what produced them. */
export const TOOL: { readonly name: string; readonly version: string } = (() => {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
})();

/** What `--version` and `gitops-sim version` print. */
export function versionText(): string {
  return `${TOOL.name} ${TOOL.version} (Node ${process.version})`;
}
