import { describe, expect, it } from 'vitest';
import { isScheduledSync, SCHEDULE_HEADER } from './scheduled-sync';

const TOKEN = 'a'.repeat(43);
const request = (token?: string) => new Request('https://karma.example.com/api/graph/sync', { method: 'POST', headers: token === undefined ? {} : { [SCHEDULE_HEADER]: token } });

describe('the scheduled sync', () => {
  it("is recognised only in serverless mode, by the entry point's own token", () => {
    expect(isScheduledSync(request(TOKEN), { serverless: true, token: TOKEN })).toBe(true);
    expect(isScheduledSync(request(TOKEN), { serverless: false, token: TOKEN })).toBe(false);
    expect(isScheduledSync(request(`${TOKEN.slice(1)}b`), { serverless: true, token: TOKEN })).toBe(false);
    expect(isScheduledSync(request(TOKEN.slice(1)), { serverless: true, token: TOKEN })).toBe(false);
    expect(isScheduledSync(request(), { serverless: true, token: TOKEN })).toBe(false);
  });

  it('trusts no token when the entry point made none, or a short one', () => {
    expect(isScheduledSync(request(''), { serverless: true, token: '' })).toBe(false);
    expect(isScheduledSync(request('short'), { serverless: true, token: 'short' })).toBe(false);
    expect(isScheduledSync(request(TOKEN), { serverless: true, token: undefined })).toBe(false);
  });
});
