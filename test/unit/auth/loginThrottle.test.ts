import { describe, expect, it } from 'vitest';
import { LoginThrottle, throttleKey } from '../../../src/services/auth/loginThrottle.js';

describe('LoginThrottle', () => {
  const clock = (start: number) => {
    let now = start;
    return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
  };

  it('refuses after 10 failures within 5 minutes, and says how long to wait', () => {
    const time = clock(1_000_000);
    const throttle = new LoginThrottle(time.now);
    const key = throttleKey('10.0.0.1', 'US-NSU', 'ada');
    for (let i = 0; i < 9; i++) {
      throttle.recordFailure(key);
      time.advance(1000);
    }
    expect(throttle.retryAfterSeconds(key)).toBe(0);
    throttle.recordFailure(key);
    // The first failure was 9 s ago: it leaves the window in 291 s.
    expect(throttle.retryAfterSeconds(key)).toBe(291);
    time.advance(290_000);
    expect(throttle.retryAfterSeconds(key)).toBe(1);
    time.advance(1000);
    expect(throttle.retryAfterSeconds(key)).toBe(0);
  });

  it('counts per IP, institution and username; a success clears the count', () => {
    const time = clock(0);
    const throttle = new LoginThrottle(time.now, 2, 60_000);
    const key = throttleKey('10.0.0.1', 'US-NSU', 'ada');
    throttle.recordFailure(key);
    throttle.recordFailure(key);
    expect(throttle.retryAfterSeconds(key)).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds(throttleKey('10.0.0.2', 'US-NSU', 'ada'))).toBe(0);
    expect(throttle.retryAfterSeconds(throttleKey('10.0.0.1', 'US-HCPL', 'ada'))).toBe(0);
    expect(throttle.retryAfterSeconds(throttleKey('10.0.0.1', 'US-NSU', 'bob'))).toBe(0);
    throttle.recordSuccess(key);
    expect(throttle.retryAfterSeconds(key)).toBe(0);
  });

  it('treats ISIL:US-NSU and us-nsu, Ada and ada as the same target', () => {
    expect(throttleKey('ip', 'ISIL:US-NSU', 'Ada')).toBe(throttleKey('ip', 'us-nsu', 'ada'));
  });
});
