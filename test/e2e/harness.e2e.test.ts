/**
 * The harness checks itself: if it did not notice CSP violations, console errors or stray requests, the
 * "no problems" assertion at the end of every e2e test would prove nothing.
 */
import { expect } from 'vitest';
import { describeE2E, e2eTest } from './harness';

describeE2E('e2e harness', () => {
  e2eTest(
    'serves the built renderer, exposes the bridge like the preload, and catches CSP violations and console errors',
    async (app) => {
      const { page } = app;
      await app.open();
      await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
      expect(app.problems).toEqual([]);

      // The bridge: window.sanctum is frozen and cannot be replaced, as with contextBridge.
      expect(await page.evaluate(`(() => { try { window.sanctum = null; } catch (e) {} return typeof window.sanctum.invoke + ' ' + Object.isFrozen(window.sanctum); })()`)).toBe(
        'function true',
      );
      // It reaches the real router: a bad channel is refused by the router's own validation.
      expect(await page.evaluate(`window.sanctum.invoke('fs.readFile', {})`)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

      // An inline <style> and an inline script are refused by the CSP, and the harness sees both.
      await page.evaluate(`(() => {
        const s = document.createElement('style'); s.textContent = 'body { outline: 1px solid red }'; document.head.append(s);
        const j = document.createElement('script'); j.textContent = 'window.__ran = true'; document.head.append(j);
      })()`);
      expect(await page.evaluate('window.__ran === true')).toBe(false);
      // An inline event handler attribute is refused too. (eval cannot be provoked from here: code that
      // Playwright evaluates through DevTools is exempt from the page's eval checks.)
      await page.evaluate(`(() => { document.body.setAttribute('onclick', 'window.__clicked = true'); document.body.click(); })()`);
      expect(await page.evaluate('window.__clicked === true')).toBe(false);
      // A request to anywhere else is blocked and reported.
      await page.evaluate(`fetch('https://example.org/x').catch(() => null)`);
      await expect.poll(() => app.problems.filter((p) => p.startsWith('CSP violation:')).length).toBeGreaterThanOrEqual(4);
      expect(app.problems.join('\n')).toMatch(/CSP violation: style-src-elem/);
      expect(app.problems.join('\n')).toMatch(/CSP violation: script-src-elem/);
      expect(app.problems.join('\n')).toMatch(/CSP violation: script-src-attr/);
      expect(app.problems.join('\n')).toMatch(/CSP violation: connect-src blocked https:\/\/example\.org\/x/);

      await page.evaluate(`console.error('deliberate console error')`);
      await expect.poll(() => app.problems.some((p) => p.includes('console error: deliberate console error'))).toBe(true);

      // All of the above were provoked on purpose.
      app.problems.length = 0;
    },
    { id: 'harness-self-check' },
  );
});
