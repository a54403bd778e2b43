// The small HTTP pieces: the router, JSON merge patch, the bearer token check.
import t from 'tap';
import { hasBearer, needsToken } from '../../../environments/local/pod/bearer-auth.ts';
import { mergePatch } from '../../../environments/local/pod/merge-patch.ts';
import { Router } from '../../../environments/local/pod/router.ts';

t.test('the router matches patterns, decodes params and knows allowed methods', async (t) => {
  const noop = () => {};
  const router = new Router()
    .add('GET', '/api/v1/schemas/:name', noop)
    .add('GET', '/api/v1/:resource/:id', noop)
    .add('PUT', '/api/v1/:resource/:id', noop);
  t.match(router.match('GET', '/api/v1/schemas/slice'), { kind: 'found', pattern: '/api/v1/schemas/:name', params: { name: 'slice' } });
  t.match(router.match('PUT', '/api/v1/slices/a%20b'), { kind: 'found', params: { resource: 'slices', id: 'a b' } });
  t.match(router.match('HEAD', '/api/v1/slices/x/'), { kind: 'found' }, 'HEAD is served by GET; a trailing slash is ignored');
  t.strictSame(router.match('DELETE', '/api/v1/slices/x'), {
    kind: 'method_not_allowed',
    allowed: ['GET', 'PUT'],
    pattern: '/api/v1/:resource/:id',
  });
  t.strictSame(router.match('GET', '/api/v1/slices'), { kind: 'not_found' });
  t.strictSame(router.match('GET', '/api/v1/slices/%E0%A4%A'), { kind: 'not_found' }, 'a broken escape matches nothing');
});

t.test('JSON merge patch follows RFC 7396', async (t) => {
  // Examples from RFC 7396, appendix A.
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, result] of cases) {
    t.strictSame(mergePatch(target, patch), result, `${JSON.stringify(target)} + ${JSON.stringify(patch)}`);
  }
  const target = { a: { b: 1 } };
  mergePatch(target, { a: { b: 2 } });
  t.strictSame(target, { a: { b: 1 } }, 'the target is not changed');
});

t.test('writes need the bearer token, exactly', async (t) => {
  t.strictSame(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].map(needsToken), [false, false, true, true, true, true]);
  t.equal(hasBearer('Bearer s3cret', 's3cret'), true);
  t.equal(hasBearer('bearer   s3cret ', 's3cret'), true, 'the scheme is case-insensitive');
  for (const header of [undefined, '', 's3cret', 'Bearer', 'Bearer s3cre', 'Bearer s3cret2', 'Basic s3cret', 'Bearer s3 cret']) {
    t.equal(hasBearer(header, 's3cret'), false, String(header));
  }
});
