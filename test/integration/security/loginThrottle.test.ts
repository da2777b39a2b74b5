import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoginThrottle, throttleKey } from '../../../src/services/auth/loginThrottle.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';

describe('LoginThrottle', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.db.deleteFrom('sign_in_failure').execute();
  });

  const clock = (start: number) => {
    let now = start;
    return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
  };
  const attempt = (ip: string, institution: string, username: string) => ({ key: throttleKey(ip, institution, username), ip });

  it('refuses after 10 failures within 5 minutes, and says how long to wait', async () => {
    const time = clock(1_000_000);
    const throttle = new LoginThrottle(database.db, time.now);
    const ada = attempt('10.0.0.1', 'US-NSU', 'ada');
    for (let i = 0; i < 9; i++) {
      await throttle.recordFailure(ada);
      time.advance(1000);
    }
    expect(await throttle.retryAfterSeconds(ada)).toBe(0);
    await throttle.recordFailure(ada);
    // The first failure was 9 s ago: it leaves the window in 291 s.
    expect(await throttle.retryAfterSeconds(ada)).toBe(291);
    time.advance(290_000);
    expect(await throttle.retryAfterSeconds(ada)).toBe(1);
    time.advance(1000);
    expect(await throttle.retryAfterSeconds(ada)).toBe(0);
  });

  it('counts per IP, institution and username; a success clears the count', async () => {
    const time = clock(0);
    const throttle = new LoginThrottle(database.db, time.now, { perAccount: 2, perIp: 100, windowMs: 60_000 });
    const ada = attempt('10.0.0.1', 'US-NSU', 'ada');
    await throttle.recordFailure(ada);
    await throttle.recordFailure(ada);
    expect(await throttle.retryAfterSeconds(ada)).toBeGreaterThan(0);
    expect(await throttle.retryAfterSeconds(attempt('10.0.0.2', 'US-NSU', 'ada'))).toBe(0);
    expect(await throttle.retryAfterSeconds(attempt('10.0.0.1', 'US-HCPL', 'ada'))).toBe(0);
    expect(await throttle.retryAfterSeconds(attempt('10.0.0.1', 'US-NSU', 'bob'))).toBe(0);
    await throttle.recordSuccess(ada);
    expect(await throttle.retryAfterSeconds(ada)).toBe(0);
  });

  it('refuses an IP spraying many usernames, and no other IP', async () => {
    const time = clock(0);
    const throttle = new LoginThrottle(database.db, time.now, { perAccount: 100, perIp: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) await throttle.recordFailure(attempt('10.0.0.9', 'US-NSU', `user-${i}`));
    expect(await throttle.retryAfterSeconds(attempt('10.0.0.9', 'US-NSU', 'someone-new'))).toBe(60);
    expect(await throttle.retryAfterSeconds(attempt('10.0.0.8', 'US-NSU', 'someone-new'))).toBe(0);
  });

  it('prunes failures that left the window as new ones arrive', async () => {
    const time = clock(0);
    const throttle = new LoginThrottle(database.db, time.now, { perAccount: 10, perIp: 50, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) await throttle.recordFailure(attempt('10.0.0.1', 'US-NSU', `old-${i}`));
    time.advance(61_000);
    await throttle.recordFailure(attempt('10.0.0.1', 'US-NSU', 'new'));
    expect(await database.db.selectFrom('sign_in_failure').select('throttle_key').execute()).toEqual([{ throttle_key: throttleKey('10.0.0.1', 'US-NSU', 'new') }]);
  });

  it('treats ISIL:US-NSU and us-nsu, Ada and ada as the same target', () => {
    expect(throttleKey('ip', 'ISIL:US-NSU', 'Ada')).toBe(throttleKey('ip', 'us-nsu', 'ada'));
  });
});
