/**
 * The role picker carries the field's message link (issue 15 item 4): a participation claim's role refused by the
 * core shows under the picker, and a screen reader reads it with the picker.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RoleSelect } from './role-select';

describe('RoleSelect', () => {
  it('passes aria-describedby and aria-invalid to the select itself', () => {
    const html = renderToStaticMarkup(<RoleSelect id="claim-role" aria-describedby="claim-role-help" aria-invalid value="" onChange={() => undefined} placeholder />);
    const select = /<select[^>]*>/.exec(html)?.[0] ?? '';
    expect(select).toContain('id="claim-role"');
    expect(select).toContain('aria-describedby="claim-role-help"');
    expect(select).toContain('aria-invalid="true"');
  });

  it('marks nothing when the field has no error', () => {
    const html = renderToStaticMarkup(<RoleSelect id="r" value="perpetrator" onChange={() => undefined} />);
    expect(/<select[^>]*>/.exec(html)?.[0]).not.toContain('aria-invalid');
  });
});
