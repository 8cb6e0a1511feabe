// The oldest Node.js the bundle runs on (package.json's engines; a test keeps the two equal):
// crypto.hash, which digests use, is 20.12. An older Node would fail to link the bundle with an
// error naming node:crypto, not the version; the entry point says so first.
export const MIN_NODE = [20, 12];

/** The message for a Node.js version older than MIN_NODE ("v20.11.1" as process.version gives it); null when it is new enough. */
export function unsupportedNode(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  const [minMajor, minMinor] = MIN_NODE;
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return null;
  return `gitops-sim needs Node.js ${minMajor}.${minMinor} or newer; this is Node.js ${version}\n`;
}
