import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStream, type RandomStream } from '../../src/engine/random.ts';
import { ImageRefError, parseImageRef } from '../../src/model/imageRef.ts';
import { Registry } from '../../src/model/registry.ts';
import { scenarioSchema } from '../../src/scenario/schema.ts';
import { DEFAULTS, newRegistry } from './fixtures.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const fixed = (u: number): RandomStream => ({ next: () => u });
const MB = 1_000_000;

test('a re-push moves the tag and keeps its history; resolve answers as of a time', () => {
  const registry = newRegistry();
  assert.equal(registry.push('shop/api', 'latest', d('1'), 10 * MB, 1000), true);
  assert.equal(registry.push('shop/api', 'latest', d('1'), 10 * MB, 1500), false, 'same digest: no move');
  assert.equal(registry.push('shop/api', 'latest', d('2'), 12 * MB, 2000), true);
  assert.deepEqual(registry.tagHistory('shop/api', 'latest'), [
    { digest: d('1'), atMs: 1000 },
    { digest: d('2'), atMs: 2000 },
  ]);
  const latest = parseImageRef('shop/api');
  assert.equal(registry.resolve(latest, 999), undefined);
  assert.equal(registry.resolve(latest, 1000), d('1'));
  assert.equal(registry.resolve(latest, 1999), d('1'));
  assert.equal(registry.resolve('shop/api:latest', 5000), d('2'));
  assert.equal(registry.resolve('shop/api:1.0', 5000), undefined, 'unknown tag');
  assert.equal(registry.resolve('other/api', 5000), undefined, 'unknown repository');
  assert.deepEqual(registry.tagHistory('shop/api', 'nope'), []);
});

test('a digest reference resolves to itself only in a repository that holds it', () => {
  const registry = newRegistry();
  registry.push('shop/api', '1.0.1', d('1'), MB, 100);
  assert.equal(registry.resolve(`shop/api@${d('1')}`, 100), d('1'));
  assert.equal(registry.resolve(`shop/api@${d('1')}`, 99), undefined, 'not pushed yet');
  assert.equal(registry.resolve(`shop/web@${d('1')}`, 100), undefined);
  assert.equal(registry.resolve(`shop/api@${d('9')}`, 100), undefined);
  // With tag and digest, the digest decides, as in the runtimes.
  assert.equal(registry.resolve(`shop/api:other@${d('1')}`, 100), d('1'));
  assert.equal(registry.sizeOf(d('1')), MB);
  assert.throws(() => registry.sizeOf(d('9')), /unknown digest/);
});

test('a digest is immutable; pushes are checked', () => {
  const registry = newRegistry();
  registry.push('shop/api', 'a', d('1'), MB, 0);
  registry.push('shop/other', 'a', d('1'), MB, 0);
  assert.throws(() => registry.push('shop/api', 'b', d('1'), 2 * MB, 0), /immutable/);
  assert.throws(() => registry.push('shop/api', 'a', d('2'), MB, -1), /integer >= 0/);
  assert.throws(() => registry.push('shop/api', 'a', d('2'), 0, 5), /sizeBytes/);
  assert.throws(() => registry.push('shop/api', 'a', 'sha256:xyz', MB, 5), ImageRefError);
  assert.throws(() => registry.push('Shop', 'a', d('2'), MB, 5), ImageRefError);
  assert.throws(() => registry.push('shop', '1/2', d('2'), MB, 5), /not a repository and tag/);
  registry.push('shop/api', 'a', d('2'), MB, 10);
  assert.throws(() => registry.push('shop/api', 'a', d('3'), MB, 9), /last moved at 10 ms/);
});

test('outage windows and a started outage make the registry unavailable, and pushes fail', () => {
  const registry = newRegistry();
  registry.setOutage(100, 200);
  registry.setOutage(150, 300);
  const cases: [number, boolean][] = [
    [99, true],
    [100, false],
    [199, false],
    [250, false],
    [300, true],
  ];
  for (const [t, up] of cases) assert.equal(registry.isAvailable(t), up, `${t} ms`);
  assert.throws(() => registry.setOutage(5, 5), /end after it starts/);
  assert.equal(registry.down, false);
  registry.startOutage(1000);
  assert.equal(registry.down, true);
  assert.equal(registry.isAvailable(5000), false);
  assert.throws(() => registry.startOutage(1001), /already down/);
  assert.throws(() => registry.push('shop/api', 'a', d('1'), MB, 1001), /registry is down/);
  assert.throws(() => registry.endOutage(999), /before it started/);
  registry.endOutage(2000);
  assert.equal(registry.down, false);
  assert.equal(registry.isAvailable(1999), false);
  assert.equal(registry.isAvailable(2000), true);
  assert.throws(() => registry.endOutage(3000), /without startOutage/);
  assert.deepEqual(registry.outages(), [
    { fromMs: 100, toMs: 200 },
    { fromMs: 150, toMs: 300 },
    { fromMs: 1000, toMs: 2000 },
  ]);
});

test('pull time is the base latency plus size over bandwidth, within the spread', () => {
  const registry = newRegistry();
  // 500 MB at 50 MB/s: 10 s of transfer plus 1 s of round trips.
  const cases: [number, number, number][] = [
    [500 * MB, 0.5, 11_000],
    [500 * MB, 0, 8_500],
    [500 * MB, 1, 13_500],
    [0, 0.3, 1_000],
  ];
  for (const [size, u, expected] of cases) assert.equal(registry.pullDurationMs(size, fixed(u)), expected);
  assert.deepEqual(DEFAULTS.registry, {
    pullLatencyMs: 1_000,
    pullBandwidthBytesPerSecond: 50 * MB,
    pullSpread: 0.25,
  });
  const custom = new Registry({
    pullLatencyMs: 200,
    pullBandwidthBytesPerSecond: 100 * MB,
    pullSpread: 0,
  });
  assert.equal(custom.pullDurationMs(50 * MB, fixed(0.9)), 700);
  const rng = createStream(3, 'pulls', 0);
  for (let i = 0; i < 1000; i++) {
    const ms = registry.pullDurationMs(100 * MB, rng);
    assert.ok(Number.isInteger(ms) && ms >= 1000 + 1500 && ms <= 1000 + 2500, `${ms}`);
  }
  // The scenario schema checks the options.
  const registryOf = (registry: unknown) => () =>
    scenarioSchema.parse({ name: 't', variants: [{ name: 'v', delivery: 'push' }], registry });
  assert.throws(registryOf({ pullSpread: 1 }), /pullSpread/);
  assert.throws(registryOf({ pullBandwidth: 0 }), /pullBandwidth/);
  assert.throws(() => registry.pullDurationMs(-1, rng), /sizeBytes/);
});

test('pull counts requests, bytes and failures; a node holding the digest fetches only the manifest', () => {
  const registry = newRegistry({ pullSpread: 0 });
  registry.push('shop/api', 'latest', d('1'), 100 * MB, 0);
  const rng = fixed(0.5);
  const ref = parseImageRef('shop/api');
  assert.deepEqual(registry.pull(ref, 10, rng), {
    ok: true,
    digest: d('1'),
    sizeBytes: 100 * MB,
    transferredBytes: 100 * MB,
    durationMs: 3000,
  });
  const holder = { has: (digest: string) => digest === d('1') };
  assert.deepEqual(registry.pull(ref, 20, rng, holder), {
    ok: true,
    digest: d('1'),
    sizeBytes: 100 * MB,
    transferredBytes: 0,
    durationMs: 1000,
  });
  assert.deepEqual(registry.pull(parseImageRef('shop/api:nope'), 30, rng), {
    ok: false,
    reason: 'notFound',
    durationMs: 1000,
  });
  registry.setOutage(40, 50);
  assert.deepEqual(registry.pull(ref, 45, rng), { ok: false, reason: 'unavailable', durationMs: 1000 });
  assert.equal(registry.pulls, 2);
  assert.equal(registry.pulledBytes, 100 * MB);
  assert.equal(registry.failedPulls, 2);
});

test('a pull gets the size of the digest it resolved to: by tag at that time, by digest, after the tag moved', () => {
  const registry = newRegistry({ pullSpread: 0 });
  registry.push('shop/api', '1', d('1'), 100 * MB, 0);
  registry.push('shop/api', '1', d('2'), 300 * MB, 100);
  registry.push('shop/api', '2', d('1'), 100 * MB, 100);
  const rng = fixed(0.5);
  const sized = (text: string, atMs: number) => {
    const result = registry.pull(parseImageRef(text), atMs, rng);
    return result.ok ? [result.digest, result.sizeBytes] : result.reason;
  };
  assert.deepEqual(sized('shop/api:1', 50), [d('1'), 100 * MB]);
  assert.deepEqual(sized('shop/api:1', 100), [d('2'), 300 * MB]);
  assert.deepEqual(sized('shop/api:2', 100), [d('1'), 100 * MB]);
  assert.deepEqual(sized(`shop/api@${d('2')}`, 100), [d('2'), 300 * MB]);
  assert.equal(sized(`shop/api@${d('2')}`, 50), 'notFound');
  assert.equal(sized('shop/api:2', 50), 'notFound');
  assert.deepEqual(registry.tagHistory('shop/api', '1'), [
    { digest: d('1'), atMs: 0 },
    { digest: d('2'), atMs: 100 },
  ]);
  // resolveSized: what resolve finds, with its size.
  const sizedRef = (text: string, atMs: number) => {
    const found = registry.resolveSized(parseImageRef(text), atMs);
    return found === undefined ? undefined : [found.digest, found.sizeBytes];
  };
  assert.deepEqual(sizedRef('shop/api:1', 99), [d('1'), 100 * MB]);
  assert.deepEqual(sizedRef(`shop/api@${d('2')}`, 100), [d('2'), 300 * MB]);
  assert.equal(sizedRef('other/api:1', 100), undefined);
  assert.equal(registry.resolve(`shop/api@${d('2')}`, 99), undefined);
});

test('a pull given an earlier resolution of a digest reference gives what resolving again would; a tag is resolved again', () => {
  const registry = newRegistry({ pullSpread: 0 });
  registry.push('shop/api', '1', d('1'), 100 * MB, 0);
  const rng = fixed(0.5);
  const byDigest = parseImageRef(`shop/api@${d('1')}`);
  const first = registry.pull(byDigest, 10, rng);
  assert.ok(first.ok);
  assert.deepEqual(registry.pull(byDigest, 20, rng, undefined, first), registry.pull(byDigest, 20, rng));
  registry.push('shop/api', '1', d('2'), 300 * MB, 30);
  const byTag = registry.pull(parseImageRef('shop/api:1'), 40, rng, undefined, first);
  assert.deepEqual(byTag.ok ? [byTag.digest, byTag.sizeBytes] : byTag, [d('2'), 300 * MB]);
  registry.setOutage(50, 60);
  assert.equal(registry.pull(byDigest, 55, rng, undefined, first).ok, false, 'down is down');
  assert.equal(registry.pulls, 4);
});

test('pull draws exactly one number whatever the outcome', () => {
  let draws = 0;
  const counting: RandomStream = {
    next: () => {
      draws++;
      return 0.5;
    },
  };
  const registry = newRegistry();
  registry.push('shop/api', '1', d('1'), MB, 0);
  registry.setOutage(10, 20);
  registry.pull(parseImageRef('shop/api:1'), 0, counting);
  registry.pull(parseImageRef('shop/api:2'), 0, counting);
  registry.pull(parseImageRef('shop/api:1'), 15, counting);
  assert.equal(draws, 3);
});

test('tags: first pushed first, whether kept inline (the first two) or in a map (the rest)', () => {
  const registry = newRegistry();
  const names = ['1.0.0', '1.0.1', 'latest', '1.0.2'];
  for (const [i, tag] of names.entries()) registry.push('shop/api', tag, d(String(i + 1)), MB, 10 * (i + 1));
  // A re-push of an earlier tag moves it and keeps its place in the list.
  registry.push('shop/api', '1.0.1', d('9'), MB, 100);
  for (let i = 0; i < names.length; i++) {
    assert.deepEqual(registry.tags('shop/api', 10 * (i + 1)), names.slice(0, i + 1));
  }
  assert.deepEqual(registry.tagHistory('shop/api', '1.0.1'), [
    { digest: d('2'), atMs: 20 },
    { digest: d('9'), atMs: 100 },
  ]);
  assert.equal(registry.resolve('shop/api:1.0.1', 99), d('2'));
  assert.equal(registry.resolve('shop/api:1.0.1', 100), d('9'));
  assert.equal(registry.resolve('shop/api:1.0.2', 100), d('4'));
  assert.equal(registry.resolve('shop/api:latest', 29), undefined);
});
