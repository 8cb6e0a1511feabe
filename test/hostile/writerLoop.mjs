// For the kill -9 test: runs the built CLI (dist/, as a user runs it) over and over into the same
// folder, alternating two command lines, and prints "start <i>" as each begins. Killed from
// outside; never ends. Plain JavaScript, so the child starts without a TypeScript loader.
// Usage: node writerLoop.mjs <dist/cli/main.js URL> '<JSON of the two command lines>'
const [mainUrl, argvsJson] = process.argv.slice(2);
const { main } = await import(mainUrl);
const argvs = JSON.parse(argvsJson);
const silent = { write: () => true };
const io = { stdout: silent, stderr: silent, nowMs: () => 0, env: {} };
for (let i = 0; ; i++) {
  process.stdout.write(`start ${i}\n`);
  const code = await main(argvs[i % 2], io);
  if (code !== 0) {
    process.stdout.write(`exit ${code}\n`);
    process.exit(3);
  }
}
