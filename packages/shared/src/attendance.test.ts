import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInLink, checkInQrToken } from './attendance';

const token = 'LP1.AAAAAQAAAAKqqqqqqqqqqqqq';

test('the check-in link carries the QR token, and the token comes back from it', () => {
  const link = checkInLink('https://xuexi.example.gov.cn', token);
  assert.equal(link, 'https://xuexi.example.gov.cn/c/AAAAAQAAAAKqqqqqqqqqqqqq');
  assert.equal(checkInQrToken(link), token);
});

test('the token is read from the link as WeChat passes it in q (URL-encoded), with a query, or under a path', () => {
  const link = 'https://xuexi.example.gov.cn/portal/c/AAAAAQAAAAKqqqqqqqqqqqqq';
  assert.equal(checkInQrToken(encodeURIComponent(link)), token);
  assert.equal(checkInQrToken(`${link}?from=poster`), token);
  assert.equal(checkInQrToken(` ${link}/ `), token);
});

test('a bare token of older screens and anything else come back unchanged', () => {
  assert.equal(checkInQrToken(token), token);
  assert.equal(checkInQrToken('https://example.com/x'), 'https://example.com/x');
  assert.equal(checkInQrToken('http%3A%2F%2F%E0%A4%A'), 'http%3A%2F%2F%E0%A4%A');
});
