import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IMAGE_GC_PERIOD_MS, ImageCache, type ImageGcPolicy } from '../../src/model/imageCache.ts';
import { parseImageRef } from '../../src/model/imageRef.ts';
import { DEFAULTS, resolvedScenario } from './fixtures.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const ref = parseImageRef;
const MIN = 60_000;

/** The kubelet's defaults, as a scenario that sets nothing resolves them. */
const GC: ImageGcPolicy = DEFAULTS.cluster.imageGc;

test('the defaults are the kubelet defaults', () => {
  assert.equal(IMAGE_GC_PERIOD_MS, 5 * MIN);
  assert.deepEqual(GC, { highThresholdPercent: 85, lowThresholdPercent: 80, minimumAgeMs: 120_000 });
});

test('cluster.imageGc resolves to the policy; the schema refuses what the kubelet refuses', () => {
  const imageGc = (gc: object) => resolvedScenario({ cluster: { imageGc: gc } }).cluster.imageGc;
  assert.deepEqual(imageGc({ highThresholdPercent: 60, lowThresholdPercent: 40, minimumAge: '10m' }), {
    highThresholdPercent: 60,
    lowThresholdPercent: 40,
    minimumAgeMs: 10 * MIN,
  });
  const where = (e: { issues: { path: PropertyKey[] }[] }) => e.issues[0].path.join('.');
  const refused: [object, string][] = [
    [{ lowThresholdPercent: 85 }, 'cluster.imageGc.lowThresholdPercent'],
    [{ highThresholdPercent: 101 }, 'cluster.imageGc.highThresholdPercent'],
    [{ lowThresholdPercent: 50.5 }, 'cluster.imageGc.lowThresholdPercent'],
    [{ minimumAge: '-1s' }, 'cluster.imageGc.minimumAge'],
  ];
  for (const [gc, path] of refused) assert.throws(() => imageGc(gc), (e: never) => where(e) === path, path);
});

test('collection follows the thresholds it is given: at 60% down to 40%', () => {
  const cache = new ImageCache(1000, { highThresholdPercent: 60, lowThresholdPercent: 40, minimumAgeMs: 0 });
  for (const [ch, size] of [['1', 200], ['2', 200], ['3', 150]] as const) cache.add(ref(`app${ch}:v`), d(ch), size, 0);
  assert.equal(cache.collectGarbage(MIN), 0, '55% is below the high threshold');
  cache.add(ref('app4:v'), d('4'), 100, 0);
  assert.equal(cache.collectGarbage(MIN), 400, '65%: the two least recently used go, down to 25%');
  assert.equal(cache.usedBytes, 250);
});

test('the cache says when an added image takes it to the high threshold, and only then', () => {
  let calls = 0;
  const policy = { highThresholdPercent: 60, lowThresholdPercent: 40, minimumAgeMs: 0 };
  const cache = new ImageCache(1000, policy, () => calls++);
  cache.add(ref('app1:v'), d('1'), 500, 0);
  assert.equal(calls, 0);
  assert.equal(cache.atHighThreshold(), false);
  cache.add(ref('app1:v'), d('1'), 500, 10);
  assert.equal(calls, 0, 'the same bytes again add nothing');
  // 599 bytes: 59.9% used, which the kubelet rounds up to 60%.
  cache.add(ref('app2:v'), d('2'), 99, 20);
  assert.equal(calls, 1);
  assert.equal(cache.atHighThreshold(), true);
  assert.equal(cache.collectGarbage(MIN), 500);
  assert.equal(cache.atHighThreshold(), false);
});

test('a node keeps the bytes it pulled under a tag until it pulls the tag again', () => {
  const cache = new ImageCache(1000, GC);
  cache.add(ref('shop/api:1.2'), d('1'), 100, 0);
  assert.equal(cache.tagged(ref('shop/api:1.2')), d('1'));
  assert.equal(cache.tagged(ref('shop/api')), undefined, 'latest is another tag');
  assert.equal(cache.tagged(ref(`shop/api@${d('1')}`)), d('1'));
  assert.equal(cache.tagged(ref(`shop/api@${d('2')}`)), undefined);
  // The registry moved 1.2 to new bytes; this node pulls again (Always) and the local tag follows.
  cache.add(ref('shop/api:1.2'), d('2'), 150, 10);
  assert.equal(cache.tagged(ref('shop/api:1.2')), d('2'));
  assert.ok(cache.has(d('1')), 'the old bytes stay until collected');
  assert.equal(cache.usedBytes, 250);
  assert.equal(cache.freeBytes, 750);
  assert.equal(cache.imageCount, 2);
  // A pull by digest adds bytes but no tag; re-adding the same digest adds no bytes.
  cache.add(ref(`shop/web@${d('3')}`), d('3'), 50, 20);
  cache.add(ref('shop/web:x'), d('3'), 50, 30);
  assert.equal(cache.usedBytes, 300);
  assert.equal(cache.tagged(ref('shop/web:x')), d('3'));
  assert.equal(cache.tagged(ref('shop/web')), undefined);
});

test('misuse throws', () => {
  const cache = new ImageCache(1000, GC);
  cache.add(ref('a:1'), d('1'), 100, 0);
  assert.throws(() => cache.add(ref('a:1'), d('1'), 101, 0), /immutable/);
  assert.throws(() => cache.add(ref(`a@${d('1')}`), d('2'), 100, 0), /cannot hold/);
  assert.throws(() => cache.add(ref('a:2'), d('2'), 0, 0), /sizeBytes/);
  assert.throws(() => cache.add(ref('a:2'), d('2'), 901, 0), /does not fit: 900 of 1000 bytes free/);
  assert.equal(cache.fits(900), true);
  assert.equal(cache.fits(901), false);
  assert.throws(() => cache.touch(d('9'), 0), /not on this node/);
  assert.throws(() => cache.markUnused(d('1'), 0), /without a matching markInUse/);
  assert.throws(() => cache.touch(d('1'), 1.5), /integer/);
  assert.throws(() => new ImageCache(0, GC), /capacityBytes/);
});

interface GcCase {
  name: string;
  /** [digest char, size, added at, last touched at (or -1), in use] */
  images: [string, number, number, number, boolean][];
  nowMs: number;
  freed: number;
  left: string[];
}

test('image GC frees LRU unused images old enough, from the high threshold down to the low one', () => {
  const at = 10 * MIN;
  const cases: GcCase[] = [
    {
      name: 'below the high threshold nothing happens',
      images: [['1', 840, 0, -1, false]],
      nowMs: at,
      freed: 0,
      left: ['1'],
    },
    {
      name: 'at 85% it frees down to 80%, oldest use first, and stops once enough is freed',
      images: [
        ['1', 400, 0, 5 * MIN, false],
        ['2', 30, 0, 1 * MIN, false],
        ['3', 30, 0, 2 * MIN, false],
        ['4', 390, 0, 3 * MIN, false],
      ],
      nowMs: at,
      freed: 60,
      left: ['1', '4'],
    },
    {
      name: 'ties in last use go to the image seen first',
      images: [
        ['1', 425, 1 * MIN, 6 * MIN, false],
        ['2', 425, 0, 6 * MIN, false],
      ],
      nowMs: at,
      freed: 425,
      left: ['1'],
    },
    {
      name: 'images in use are kept',
      images: [
        ['1', 100, 0, 1 * MIN, true],
        ['2', 800, 0, 2 * MIN, false],
      ],
      nowMs: at,
      freed: 800,
      left: ['1'],
    },
    {
      name: 'images younger than 2 minutes are kept, even if it means freeing too little',
      images: [
        ['1', 60, 0, -1, false],
        ['2', 800, at - 2 * MIN + 1, -1, false],
      ],
      nowMs: at,
      freed: 60,
      left: ['2'],
    },
    {
      name: 'an image exactly 2 minutes old can go',
      images: [['1', 900, at - 2 * MIN, -1, false]],
      nowMs: at,
      freed: 900,
      left: [],
    },
    {
      name: 'an image used at this very instant is kept',
      images: [
        ['1', 450, 0, at, false],
        ['2', 450, 0, at - 1, false],
      ],
      nowMs: at,
      freed: 450,
      left: ['1'],
    },
  ];
  for (const c of cases) {
    const cache = new ImageCache(1000, GC);
    for (const [ch, size, addedMs] of c.images) cache.add(ref(`app${ch}:v`), d(ch), size, addedMs);
    for (const [ch, , , touchedMs, inUse] of c.images) {
      if (touchedMs >= 0) cache.touch(d(ch), touchedMs);
      if (inUse) cache.markInUse(d(ch), Math.max(touchedMs, 0));
    }
    const before = cache.usedBytes;
    assert.equal(cache.collectGarbage(c.nowMs), c.freed, c.name);
    assert.equal(cache.usedBytes, before - c.freed, c.name);
    const left = c.images.map(([ch]) => ch).filter((ch) => cache.has(d(ch)));
    assert.deepEqual(left, c.left, c.name);
    for (const [ch] of c.images) {
      assert.equal(
        cache.tagged(ref(`app${ch}:v`)),
        cache.has(d(ch)) ? d(ch) : undefined,
        `${c.name}: tag of ${ch}`,
      );
    }
  }
});

test('an image is collectable again once its last container stops', () => {
  const cache = new ImageCache(1000, GC);
  cache.add(ref('a:1'), d('1'), 900, 0);
  cache.markInUse(d('1'), 0);
  cache.markInUse(d('1'), 0);
  assert.equal(cache.collectGarbage(10 * MIN), 0);
  cache.markUnused(d('1'), 11 * MIN);
  assert.equal(cache.collectGarbage(12 * MIN), 0, 'one container still uses it');
  cache.markUnused(d('1'), 13 * MIN);
  assert.equal(cache.collectGarbage(13 * MIN), 0, 'used at this instant');
  assert.equal(cache.collectGarbage(14 * MIN), 900);
  assert.equal(cache.tagged(ref('a:1')), undefined);
});

test('holding and releasing the record add or markInUse returned counts as markInUse and markUnused', () => {
  const cache = new ImageCache(1000, GC);
  const added = cache.add(ref('a:1'), d('1'), 900, 0);
  assert.equal(added.digest, d('1'));
  assert.equal(cache.add(ref('a:1'), d('1'), 900, 0), added, 'the same record for the same digest');
  cache.hold(added, 0);
  assert.equal(cache.markInUse(d('1'), 0), added);
  assert.equal(cache.collectGarbage(10 * MIN), 0);
  cache.release(added, 11 * MIN);
  assert.equal(cache.collectGarbage(12 * MIN), 0, 'one container still uses it');
  cache.release(added, 13 * MIN);
  assert.throws(() => cache.release(added, 13 * MIN), /without a matching markInUse/);
  assert.equal(cache.collectGarbage(13 * MIN), 0, 'used at this instant');
  assert.equal(cache.collectGarbage(14 * MIN), 900);
});

test('a collected image that was retagged leaves the newer tag alone', () => {
  const cache = new ImageCache(1000, GC);
  cache.add(ref('a:1'), d('1'), 500, 0);
  cache.add(ref('a:1'), d('2'), 400, 1);
  cache.markInUse(d('2'), 1);
  assert.equal(cache.collectGarbage(10 * MIN), 500);
  assert.equal(cache.tagged(ref('a:1')), d('2'));
  cache.markUnused(d('2'), 11 * MIN);
  cache.add(ref('b:1'), d('3'), 500, 11 * MIN);
  assert.equal(cache.collectGarbage(20 * MIN), 400);
  assert.equal(cache.tagged(ref('a:1')), undefined);
  assert.equal(cache.tagged(ref('b:1')), d('3'));
});

test('an image with several tags: moving one away keeps the others, and collecting it drops only its own', () => {
  const cache = new ImageCache(1000, GC);
  cache.add(ref('a:1'), d('1'), 300, 0);
  cache.add(ref('b:1'), d('1'), 300, 0);
  cache.add(ref('c:1'), d('1'), 300, 0);
  // The first tag moves away: the others still name the image.
  cache.add(ref('a:1'), d('2'), 300, 1);
  assert.equal(cache.tagged(ref('a:1')), d('2'));
  assert.equal(cache.tagged(ref('b:1')), d('1'));
  // A later one moves away too.
  cache.add(ref('c:1'), d('3'), 300, 2);
  assert.equal(cache.tagged(ref('c:1')), d('3'));
  assert.equal(cache.tagged(ref('b:1')), d('1'));
  cache.markInUse(d('2'), 3);
  cache.markInUse(d('3'), 3);
  // 900 of 1000 bytes: image 1 (least recently used, not in use) goes, with b:1 alone.
  assert.equal(cache.collectGarbage(10 * MIN), 300);
  assert.equal(cache.tagged(ref('b:1')), undefined);
  assert.equal(cache.tagged(ref('a:1')), d('2'));
  assert.equal(cache.tagged(ref('c:1')), d('3'));
});

test('several tags of one repository on a node: each found, moved and forgotten on its own', () => {
  const cache = new ImageCache(10_000, GC);
  for (const [tag, ch] of [
    ['1', '1'],
    ['2', '2'],
    ['3', '3'],
  ] as const)
    cache.add(ref(`a:${tag}`), d(ch), 100, 0);
  assert.deepEqual(
    ['1', '2', '3', '4'].map((t) => cache.tagged(ref(`a:${t}`))),
    [d('1'), d('2'), d('3'), undefined],
  );
  // The first tag moves to the third's image; then the images of tags 1 and 2 are collected.
  cache.add(ref('a:1'), d('3'), 100, 1);
  cache.add(ref('b:1'), d('4'), 8_300, 1);
  cache.markInUse(d('3'), 2);
  cache.markInUse(d('4'), 2);
  assert.equal(cache.collectGarbage(10 * MIN), 200);
  assert.deepEqual(
    ['1', '2', '3'].map((t) => cache.tagged(ref(`a:${t}`))),
    [d('3'), undefined, d('3')],
  );
  cache.markUnused(d('3'), 11 * MIN);
  cache.add(ref('c:1'), d('5'), 100, 11 * MIN);
  assert.equal(cache.collectGarbage(20 * MIN), 200, 'down to 80%: images 3 and 5 go');
  assert.deepEqual(
    ['1', '2', '3'].map((t) => cache.tagged(ref(`a:${t}`))),
    [undefined, undefined, undefined],
  );
  assert.equal(cache.tagged(ref('b:1')), d('4'));
});

test('taggedImage and find hand over the record the cache holds, the one add returned', () => {
  const cache = new ImageCache(1000, GC);
  const first = cache.add(ref('a:1'), d('1'), 300, 0);
  assert.equal(cache.taggedImage(ref('a:1')), first);
  assert.equal(cache.taggedImage(ref(`a@${d('1')}`)), first);
  assert.equal(cache.find(d('1')), first);
  assert.equal(cache.taggedImage(ref('a:2')), undefined);
  assert.equal(cache.find(d('2')), undefined);
  // The tag moves: it hands over the new record; the old one is still found by digest.
  const second = cache.add(ref('a:1'), d('2'), 300, 1);
  assert.equal(cache.taggedImage(ref('a:1')), second);
  assert.equal(cache.find(d('1')), first);
  // Collected, then pulled again: a new record, and the tag hands that one over.
  cache.hold(second, 2);
  cache.add(ref('b:1'), d('3'), 300, 2);
  assert.equal(cache.collectGarbage(10 * MIN), 300);
  assert.equal(cache.find(d('1')), undefined);
  const again = cache.add(ref('a:0'), d('1'), 300, 10 * MIN);
  assert.notEqual(again, first);
  assert.equal(cache.taggedImage(ref('a:0')), again);
});
