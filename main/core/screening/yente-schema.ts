/**
 * yente's match API as zod schemata, written from yente's pydantic models (yente/data/common.py:
 * EntityExample, EntityMatchQuery, ScoredEntityResponse, EntityMatches, EntityMatchResponse; nomenklatura's
 * FeatureDocs and FeatureResult), so `sanctum match` reads what a yente client sends and answers what a yente
 * client expects. Request schemata accept what yente accepts (a property value is a string or a list of them;
 * `weights` and `config` are accepted and ignored); response schemata are strict, so a test catches any field
 * yente does not have.
 */
import { z } from 'zod';

/** A query entity (yente EntityExample): a property value is one string or a list of strings. */
export const YenteEntityExample = z.object({
  id: z.string().nullish(),
  schema: z.string().min(1).max(100),
  properties: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});
export type YenteEntityExample = z.infer<typeof YenteEntityExample>;

/** The request body of POST /match/{dataset} (yente EntityMatchQuery). */
export const YenteMatchRequest = z.object({
  weights: z.record(z.string(), z.number()).optional(),
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  queries: z.record(z.string(), YenteEntityExample),
});
export type YenteMatchRequest = z.infer<typeof YenteMatchRequest>;

/** One feature's score and how it was computed (nomenklatura FeatureResult). */
export const YenteFeatureResult = z.strictObject({
  score: z.number(),
  detail: z.string().nullable(),
  query: z.string().nullish(),
  candidate: z.string().nullish(),
});

/** A scored result (yente ScoredEntityResponse: EntityResponse + score, features, explanations, match). */
export const YenteScoredEntity = z.strictObject({
  id: z.string(),
  caption: z.string(),
  schema: z.string(),
  properties: z.record(z.string(), z.array(z.string())),
  datasets: z.array(z.string()),
  referents: z.array(z.string()),
  target: z.boolean(),
  first_seen: z.string().nullable(),
  last_seen: z.string().nullable(),
  last_change: z.string().nullable(),
  score: z.number().min(0).max(1),
  /** Deprecated in yente in favour of `explanations`; still sent. */
  features: z.record(z.string(), z.number()),
  explanations: z.record(z.string(), YenteFeatureResult),
  match: z.boolean(),
  token: z.string().nullish(),
});

/** The answer to one query (yente EntityMatches). */
export const YenteEntityMatches = z.strictObject({
  status: z.number().int(),
  results: z.array(YenteScoredEntity),
  total: z.strictObject({ value: z.number().int().min(0), relation: z.string() }),
  query: YenteEntityExample,
});

/** What a feature means (nomenklatura FeatureDoc). */
export const YenteFeatureDoc = z.strictObject({
  description: z.string().nullable(),
  coefficient: z.number(),
  url: z.string().nullable(),
});

/** The response body of POST /match/{dataset} (yente EntityMatchResponse). */
export const YenteMatchResponse = z.strictObject({
  responses: z.record(z.string(), YenteEntityMatches),
  matcher: z.record(z.string(), YenteFeatureDoc),
  limit: z.number().int().min(1),
});
export type YenteMatchResponse = z.infer<typeof YenteMatchResponse>;
export type YenteScoredEntity = z.infer<typeof YenteScoredEntity>;
