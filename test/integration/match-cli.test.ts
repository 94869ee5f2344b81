/**
 * `sanctum match` through the bundled CLI: a yente match request (fixture written for this test) in, from a file
 * or stdin, and a yente-shaped response out that validates against the zod schema written from yente's models.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YenteMatchRequest, YenteMatchResponse } from '../../main/core/screening/yente-schema';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';

const LIST = fileURLToPath(new URL('../fixtures/screening/ftm-identifiers.jsonl', import.meta.url));
const REQUEST = fileURLToPath(new URL('../fixtures/screening/yente-match-request.json', import.meta.url));
const UN_SMALL = fileURLToPath(new URL('../fixtures/screening/un-small.xml', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'sanctum-match-cli-'));

beforeAll(async () => {
  await cliBundle();
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const explain = (r: CliResult) => `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;

function response(r: CliResult): YenteMatchResponse {
  expect(r.code, explain(r)).toBe(0);
  return YenteMatchResponse.parse(JSON.parse(r.stdout));
}

describe('sanctum match', () => {
  it('answers a yente request file in yente response shape, one response per query key', async () => {
    const request = YenteMatchRequest.parse(JSON.parse(readFileSync(REQUEST, 'utf8')));
    const res = response(await sanctum(['match', '--list', LIST, '--format', 'ftm', '--input', REQUEST]));
    expect(Object.keys(res.responses)).toEqual(Object.keys(request.queries));
    expect(res.limit).toBe(5);
    expect(Object.keys(res.matcher)).toEqual(expect.arrayContaining(['name', 'identifier', 'gender', 'target']));
    for (const [key, m] of Object.entries(res.responses)) {
      expect(m.status).toBe(200);
      // The query comes back with every value as a list.
      const sent = request.queries[key]!;
      expect(m.query.schema).toBe(sent.schema);
      for (const [p, v] of Object.entries(sent.properties)) expect(m.query.properties[p]).toEqual(Array.isArray(v) ? v : [v]);
      for (let i = 1; i < m.results.length; i++) expect(m.results[i - 1]!.score).toBeGreaterThanOrEqual(m.results[i]!.score);
      for (const x of m.results) expect(x.datasets).toEqual(['ftm-identifiers']);
    }
    expect(res.responses.relative!.query.id).toBe('case-entity-17');

    // A renamed vessel: the IMO number alone makes the match.
    const vessel = res.responses['renamed-vessel']!;
    expect(vessel.results[0]).toMatchObject({ id: 'fx-ves-1', schema: 'Vessel', match: true, target: true, properties: { imoNumber: ['IMO 9345678'], previousName: ['Sabratha Star'] } });
    expect(vessel.results[0]!.explanations.identifier).toMatchObject({ score: 1, query: '9345678', candidate: 'IMO 9345678' });
    expect(vessel.results[0]!.features.name).toBe(0);
    expect(vessel.total).toEqual({ value: 1, relation: 'eq' });

    // Name parts and a passport number from a Passport record.
    const passport = res.responses['by-passport']!.results[0]!;
    expect(passport).toMatchObject({ id: 'fx-per-1', match: true, properties: { passportNumber: ['E 0455 871'], gender: ['male'] } });
    expect(passport.explanations.name!.query).toBe('Ghebremedhin Abraha');
    expect(passport.explanations.birth_date!.score).toBe(0.05);

    // A relative listed as context only: found, scored down, not a match.
    const relative = res.responses.relative!.results.find((x) => x.id === 'fx-per-2')!;
    expect(relative).toMatchObject({ target: false, match: false });
    expect(relative.explanations.target!.detail).toMatch(/not as a sanctions target/);
    expect(relative.score).toBeLessThan(0.8);

    // Gender differs: scored down, explained, not a match.
    const gender = res.responses['wrong-gender']!.results[0]!;
    expect(gender).toMatchObject({ id: 'fx-per-1', match: false });
    expect(gender.features.gender).toBe(-0.15);
    expect(gender.explanations.gender!.detail).toMatch(/gender female differs from the listed male/);

    expect(res.responses.nobody!.results).toEqual([]);
    expect(res.responses.nobody!.total.value).toBe(0);
  });

  it('reads the request from stdin with --input -, and takes --threshold and --limit', async () => {
    const body = readFileSync(REQUEST, 'utf8');
    const fromFile = response(await sanctum(['match', '--list', LIST, '--format', 'ftm', '--input', REQUEST]));
    const fromStdin = response(await sanctum(['match', '--list', LIST, '--format', 'ftm', '--input', '-'], { input: body }));
    expect(fromStdin).toEqual(fromFile);
    const strict = response(await sanctum(['match', '--list', LIST, '--format', 'ftm', '--input', '-', '--threshold', '0.95', '--limit', '1'], { input: body }));
    expect(strict.limit).toBe(1);
    for (const m of Object.values(strict.responses)) expect(m.results.length).toBeLessThanOrEqual(1);
    // 0.90 for an identifier alone is below 0.95 now.
    expect(strict.responses['renamed-vessel']!.results[0]).toMatchObject({ id: 'fx-ves-1', match: false });
    const json = await sanctum(['match', '--list', LIST, '--format', 'ftm', '--input', REQUEST, '--json']);
    expect(YenteMatchResponse.parse(jsonOf(json))).toEqual(fromFile);
  });

  it('matches against a UN list too', async () => {
    const input = JSON.stringify({ queries: { z: { schema: 'Person', properties: { name: 'Zintani Khalifa Omran', birthDate: '1979-04-12' } } } });
    const res = response(await sanctum(['match', '--list', UN_SMALL, '--format', 'un-xml', '--input', '-'], { input: input }));
    expect(res.responses.z!.results[0]).toMatchObject({ id: 'ZZi.001', match: true, schema: 'Person' });
  });

  it('escapes control and bidi characters from the list in its output', async () => {
    const hostile = join(root, 'hostile.jsonl');
    writeFileSync(hostile, `${JSON.stringify({ id: 'h-1', schema: 'Person', properties: { name: ['Ermias Ghermay\u202egpj.exe\u001b[2J'] } })}\n`);
    const r = await sanctum(['match', '--list', hostile, '--format', 'ftm', '--input', '-'], { input: JSON.stringify({ queries: { a: { schema: 'Person', properties: { name: ['Ermias Ghermay'] } } } }) });
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
    const res = response(r);
    expect(res.responses.a!.results[0]!.caption).toBe('Ermias Ghermay\u202egpj.exe\u001b[2J');
  });

  it("refuses what is not yente's request shape, with the reason", async () => {
    const bad = async (input: string) => sanctum(['match', '--list', LIST, '--format', 'ftm', '--input', '-', '--json'], { input });
    const notJson = await bad('{nope');
    expect(notJson.code).not.toBe(0);
    expect(jsonOf<{ error: { code: string; message: string } }>(notJson).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not JSON/) });
    const shape = await bad(JSON.stringify({ queries: { a: { properties: { name: 'x' } } } }));
    expect(jsonOf<{ error: { message: string } }>(shape).error.message).toMatch(/not yente's shape: queries\.a\.schema/);
    const schema = await bad(JSON.stringify({ queries: { a: { schema: 'Starship', properties: { name: 'x' } } } }));
    expect(jsonOf<{ error: { message: string } }>(schema).error.message).toMatch(/query "a": unknown schema "Starship"/);
    const empty = await bad(JSON.stringify({ queries: { a: { schema: 'Person', properties: { birthDate: '1980' } } } }));
    expect(jsonOf<{ error: { message: string } }>(empty).error.message).toMatch(/no name and no identifier/);
    expect((await sanctum(['match', '--list', LIST, '--input', REQUEST])).code).toBe(2);
    expect((await sanctum(['match', '--list', LIST, '--format', 'ftm', '--input', REQUEST, '--threshold', '1.5'])).code).toBe(2);
  });
});
