import { describe, expect, it } from 'vitest';
import { claimCoreError, claimErrors } from '../entities/claim-form-model';
import { eventCoreError, eventErrors } from '../events/event-form-model';
import { statementErrors } from '../statements/statement-model';
import { newDraft } from '../statements/statement-model';
import { coreFieldError, dateError, fieldMessage, fieldOf, firstError, reasonError, recordPath } from './field-errors';

const invalid = (where: string, message = 'required') => ({ code: 'INVALID_INPUT', where, message });

describe('the core’s refusal mapped onto a field', () => {
  it('reads the field inside the request’s envelope and prefers the longest field', () => {
    expect(recordPath('data.place.country')).toBe('place.country');
    expect(recordPath('patch.title')).toBe('title');
    expect(recordPath('identity.fullName')).toBe('fullName');
    expect(recordPath('reason')).toBe('reason');
    expect(fieldOf(invalid('data.aliases.0.value'), ['name', 'aliases'])).toBe('aliases');
    expect(fieldOf(invalid('patch.place.country'), ['place', 'place.country'])).toBe('place.country');
    expect(fieldOf(invalid('title'), ['title'])).toBe('title');
  });

  it('maps nothing that is not an INVALID_INPUT naming a known field', () => {
    expect(fieldOf({ code: 'CONFLICT', where: 'title', message: 'x' }, ['title'])).toBeNull();
    expect(fieldOf(invalid('participants.0.entityId'), ['title'])).toBeNull();
    expect(fieldOf(invalid('titles'), ['title'])).toBeNull();
    expect(fieldOf(null, ['title'])).toBeNull();
  });

  it('words the message as a sentence without the core’s "what: field:" prefix', () => {
    expect(fieldMessage({ message: 'event: title: required' })).toBe('Required.');
    expect(fieldMessage({ message: 'use a two-letter ISO country code' })).toBe('Use a two-letter ISO country code.');
    expect(coreFieldError(invalid('data.place.country', 'use a two-letter ISO country code'), [], { 'place.country': 'country' })).toEqual({ field: 'country', message: 'Use a two-letter ISO country code.' });
  });

  it('maps victim groups and evidence references to their row', () => {
    expect(eventCoreError(invalid('patch.victims.2.nationality'))).toMatchObject({ field: 'victim-2-nationality' });
    expect(eventCoreError(invalid('patch.place.name'))).toMatchObject({ field: 'place' });
    expect(claimCoreError(invalid('data.evidence.1.excerpt'))).toMatchObject({ field: 'ev-1-excerpt' });
    expect(claimCoreError(invalid('data.assertion.linkId'))).toMatchObject({ field: 'link' });
  });
});

describe('checks before sending', () => {
  it('takes partial dates and text kept as written, refuses impossible dates and backwards ranges', () => {
    for (const ok of ['', '1980', '1980-06', 'c. 1980', '1978-1982', '05.06.1980', 'spring, before Ramadan']) expect(dateError(ok), ok).toBeUndefined();
    expect(dateError('2023-13-45')).toMatch(/calendar/);
    expect(dateError('31.02.2020')).toMatch(/calendar/);
    expect(dateError('1985-1980')).toMatch(/backwards.*1980–1985/);
    expect(dateError('x'.repeat(201))).toMatch(/200/);
  });

  it('checks an event’s title, date, country, place and victim groups', () => {
    const e = eventErrors({ title: ' ', date: '2020-02-30', place: 'p'.repeat(501), country: 'Atlantis', description: '' }, [{ count: 0, nationality: 'ER' }, { count: 2, nationality: 'LY, SD' }]);
    expect(Object.keys(e).sort()).toEqual(['country', 'date', 'place', 'title', 'victim-0-count', 'victim-1-nationality'].sort());
    expect(eventErrors({ title: 'Departure', date: 'c. 2019', place: 'Zuwara', country: 'Libya', description: '' }, [{ count: 3, nationality: 'Eritrea' }])).toEqual({});
  });

  it('checks a claim by what it asserts', () => {
    const base = { conduct: '', country: '', date: '', linkId: '', eventId: '', statement: '', refs: [] };
    expect(Object.keys(claimErrors({ ...base, type: 'conduct', country: 'XX1' }))).toEqual(['conduct', 'country']);
    expect(Object.keys(claimErrors({ ...base, type: 'link' }))).toEqual(['link']);
    expect(Object.keys(claimErrors({ ...base, type: 'participation', eventId: 'e1', refs: [{ locator: 'l'.repeat(501), excerpt: '' }] }))).toEqual(['ev-0-locator']);
  });

  it('checks a statement’s limits and its interview date', () => {
    expect(statementErrors(newDraft('high'))).toEqual({});
    const e = statementErrors({ ...newDraft('high'), date: '2023-02-30', language: 'l'.repeat(101) });
    expect(Object.keys(e).sort()).toEqual(['date', 'language']);
  });

  it('asks a reason of at least the minimum, at most 5,000 characters', () => {
    expect(reasonError('  ab ', 3, 'Say why.')).toBe('Say why.');
    expect(reasonError('because', 3, 'Say why.')).toBeUndefined();
    expect(reasonError('r'.repeat(5001), 3, 'Say why.')).toMatch(/5,000/);
  });

  it('focuses the first field in the form’s order', () => {
    expect(firstError({ country: 'x', title: 'y' }, ['title', 'country'])).toBe('title');
    expect(firstError({ other: 'x' }, ['title'])).toBe('other');
    expect(firstError({ title: undefined }, ['title'])).toBeNull();
  });
});
