// A node:test reporter for scripts/test-timing.mjs: one JSON line per top-level test of each test
// file (its duration), and a summary line of passes and failures.
export default async function* timingReporter(source) {
  let pass = 0;
  let fail = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details?.type !== 'suite') {
      if (event.type === 'test:pass') pass++;
      else fail++;
    }
    // Each test file's own top-level tests and suites (a shard imports several files).
    if (data.nesting === 0 && data.file !== undefined) {
      yield `${JSON.stringify({ kind: 'test', name: data.name, file: data.file.replace(/^.*\/test\//, 'test/'), durationMs: data.details.duration_ms })}\n`;
    }
  }
  yield `${JSON.stringify({ kind: 'summary', pass, fail })}\n`;
}
