import { describe, expect, it } from 'vitest';
import { ACTIVITY_REPORT_INTERVAL_MS, createThrottle } from './activity';

describe('activity throttle', () => {
  it('lets the first report through and then at most one per interval', () => {
    let t = 1_000;
    const ready = createThrottle(ACTIVITY_REPORT_INTERVAL_MS, () => t);
    expect(ready()).toBe(true);
    t += 1;
    expect(ready()).toBe(false);
    t += ACTIVITY_REPORT_INTERVAL_MS - 2;
    expect(ready()).toBe(false);
    t += 1;
    expect(ready()).toBe(true);
    expect(ready()).toBe(false);
  });
});
