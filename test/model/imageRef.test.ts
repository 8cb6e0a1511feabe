import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defaultPullPolicy,
  effectiveTag,
  formatImageRef,
  type ImageRef,
  ImageRefError,
  isDigest,
  isRepositoryAndTag,
  parseImageRef,
} from '../../src/model/imageRef.ts';

const HEX = 'a'.repeat(64);
const DIGEST = `sha256:${HEX}`;

test('parseImageRef reads repositories, tags, digests, hosts and ports', () => {
  const cases: [string, ImageRef][] = [
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.25', { repository: 'nginx', tag: '1.25' }],
    ['nginx:latest', { repository: 'nginx', tag: 'latest' }],
    [`nginx@${DIGEST}`, { repository: 'nginx', digest: DIGEST }],
    [`nginx:1.25@${DIGEST}`, { repository: 'nginx', tag: '1.25', digest: DIGEST }],
    ['shop/api:1.2.3', { repository: 'shop/api', tag: '1.2.3' }],
    ['registry.example:5000/shop/api:1.2.3', { repository: 'registry.example:5000/shop/api', tag: '1.2.3' }],
    ['registry.example:5000/shop/api', { repository: 'registry.example:5000/shop/api' }],
    [`localhost:5000/api@${DIGEST}`, { repository: 'localhost:5000/api', digest: DIGEST }],
    [
      'Registry.Example/team/my_app-x:v1_RC.2',
      { repository: 'Registry.Example/team/my_app-x', tag: 'v1_RC.2' },
    ],
    ['a/b__c/d--e', { repository: 'a/b__c/d--e' }],
  ];
  for (const [text, expected] of cases) {
    assert.deepEqual(parseImageRef(text), expected, text);
    assert.equal(formatImageRef(expected), text, `format ${text}`);
  }
});

test('parseImageRef rejects malformed references with a stable code and what was expected', () => {
  const cases: [string, RegExp][] = [
    ['', /repository/],
    ['Nginx', /lowercase/],
    ['nginx:', /tag/],
    ['nginx:.hidden', /tag/],
    [`nginx:${'x'.repeat(129)}`, /tag/],
    ['nginx@sha256:abc', /64 lowercase hex/],
    [`nginx@sha256:${'A'.repeat(64)}`, /64 lowercase hex/],
    [`nginx@md5:${HEX}`, /sha256/],
    ['/nginx', /repository/],
    ['nginx/', /repository/],
    ['shop//api', /repository/],
    ['shop/api-:1', /repository/],
    ['host:port/api', /repository/],
    [`${'a'.repeat(256)}:1`, /255/],
  ];
  for (const [text, problem] of cases) {
    assert.throws(
      () => parseImageRef(text),
      (error: unknown) => {
        assert.ok(error instanceof ImageRefError, text);
        assert.equal(error.code, 'E_IMAGE_REF');
        assert.equal(error.found, text);
        assert.match(
          error.message,
          /expected an image reference like repo:tag or repo@sha256:<64 hex digits>/,
        );
        assert.match(error.problem, problem, text);
        return true;
      },
    );
  }
});

test('formatImageRef refuses parts that would read back differently', () => {
  assert.throws(() => formatImageRef({ repository: 'shop:api' }), ImageRefError);
  assert.throws(() => formatImageRef({ repository: 'shop', tag: 'a/b' }), ImageRefError);
  assert.throws(() => formatImageRef({ repository: 'shop', tag: '-x' }), /tag/);
  assert.throws(() => formatImageRef({ repository: 'shop', digest: 'sha256:00' }), ImageRefError);
});

test('defaultPullPolicy: Always for a latest tag, written or implied; IfNotPresent for other tags and a bare digest', () => {
  const cases: [string, string][] = [
    ['api', 'Always'],
    ['api:latest', 'Always'],
    ['registry.example:5000/api', 'Always'],
    ['registry.example:5000/api:latest', 'Always'],
    // Kubernetes reads the written tag even beside a digest (parsers.ParseImageName).
    [`api:latest@${DIGEST}`, 'Always'],
    ['api:1.2.3', 'IfNotPresent'],
    ['api:Latest', 'IfNotPresent'],
    [`api@${DIGEST}`, 'IfNotPresent'],
    [`api:1.2.3@${DIGEST}`, 'IfNotPresent'],
  ];
  for (const [text, policy] of cases) assert.equal(defaultPullPolicy(parseImageRef(text)), policy, text);
});

test('effectiveTag names latest when the tag is absent', () => {
  assert.equal(effectiveTag(parseImageRef('api')), 'latest');
  assert.equal(effectiveTag(parseImageRef('api:2')), '2');
});

test('isDigest: sha256: and exactly 64 lowercase hex digits', () => {
  const cases: [string, boolean][] = [
    [DIGEST, true],
    [`sha256:${'0123456789abcdef'.repeat(4)}`, true],
    [`sha256:${HEX}0`, false],
    [`sha256:${HEX.slice(1)}`, false],
    [`sha256:${'A'.repeat(64)}`, false],
    [`sha256:${'g'.repeat(64)}`, false],
    [`sha256:${HEX.slice(1)}/`, false],
    [`sha256:${HEX.slice(1)}:`, false],
    [`sha256:${HEX.slice(1)}\``, false],
    [`sha512:${HEX}`, false],
    [`SHA256:${HEX}`, false],
    [`${DIGEST}\n`.slice(0, 71), true],
    [`x${DIGEST}`.slice(0, 71), false],
    ['', false],
  ];
  for (const [text, expected] of cases) assert.equal(isDigest(text), expected, text);
});

test('isRepositoryAndTag agrees with parsing repository:tag@digest back, for valid and invalid parts alike', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  const parsesBack = (repository: string, tag: string) => {
    try {
      const ref = parseImageRef(`${repository}:${tag}@${digest}`);
      return ref.repository === repository && ref.tag === tag;
    } catch {
      return false;
    }
  };
  const repositories = [
    'shop/api',
    'registry.example:5000/shop/api',
    'a',
    'Shop/api',
    'shop//api',
    'shop/api:1',
    'shop@x',
    '',
    'r'.repeat(255),
    'r'.repeat(256),
  ];
  const tags = [
    '1.2.3',
    'latest',
    '_x',
    '.x',
    '-x',
    'a/b',
    'a:b',
    'a@b',
    '',
    't'.repeat(128),
    't'.repeat(129),
  ];
  for (const repository of repositories) {
    for (const tag of tags) {
      assert.equal(isRepositoryAndTag(repository, tag), parsesBack(repository, tag), `${repository} ${tag}`);
    }
  }
});
