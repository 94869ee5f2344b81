/**
 * Mentions (issue 14, item 3): where the case's entities are named in a document, and names that are not yet
 * entities. Pure: given the text and the entities' names, no store access (mention-service.ts reads the vault).
 *
 * Known names go through the search name index (shared/search/name-index.ts), so "محمد الحداد", "Mohamed
 * Haddad" and "Mohammed Al-Haddad" are one name. The index answers queries, not "which names are in this
 * page", so candidates come first: every token of every entity name is normalised (shared/search/normalise.ts)
 * and its consonant skeleton kept in a set; a run of consecutive document words whose skeletons are all in the
 * set (particles such as "al", "bin", "de" may sit inside) is a candidate span. The index then confirms a span:
 * its best hit must score high and have exactly as many name words as the span, so "Haddad" alone does not
 * count as "Mohammed Al-Haddad" (a one-word alias does count as itself).
 *
 * Unknown names are conservative (precision over recall): two to four capitalised words not at the start of a
 * sentence-like stop word, none of them a common noun, month or title, or an Arabic "X بن Y" / "أبو X" pattern,
 * that the index does not match to any entity.
 */
import { contentTokens, nameTokens } from '../../../shared/search/normalise';
import { NameIndex, type EntityNames } from '../../../shared/search/name-index';

export interface NameEntity extends EntityNames {
  aliases: string[];
}

export interface NameMatch {
  entityId: string;
  /** The span as written. */
  found: string;
  via: 'name' | 'alias';
  start: number;
  end: number;
}

interface Word {
  raw: string;
  start: number;
  end: number;
  /** Skeletons of its content tokens ('' for a particle-only word such as "al" or "bin"). */
  skeletons: string[];
  particle: boolean;
}

/** A name span the index must confirm at this score or above. */
const MIN_SCORE = 0.9;
const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’\-]*/gu;

const wordCache = new Map<string, { skeletons: string[]; particle: boolean; count: number }>();

function wordInfo(raw: string): { skeletons: string[]; particle: boolean; count: number } {
  let info = wordCache.get(raw);
  if (!info) {
    const tokens = nameTokens(raw);
    const content = tokens.filter((t) => !t.particle);
    info = { skeletons: content.map((t) => t.skeleton || t.norm), particle: tokens.length > 0 && content.length === 0, count: content.length };
    if (wordCache.size > 100_000) wordCache.clear();
    wordCache.set(raw, info);
  }
  return info;
}

/** The words of a text with their offsets; `gapOk[i]` says word i and i+1 are separated by spaces only. */
function wordsOf(text: string): { words: Word[]; joined: boolean[] } {
  const words: Word[] = [];
  const joined: boolean[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0].replace(/[-'’]+$/, '');
    if (!raw) continue;
    const info = wordInfo(raw);
    if (words.length) {
      const prev = words[words.length - 1]!;
      joined.push(/^[ \t\u00a0]{1,3}$/.test(text.slice(prev.end, m.index)));
    }
    words.push({ raw, start: m.index, end: m.index + raw.length, skeletons: info.skeletons, particle: info.particle });
  }
  return { words, joined };
}

function contentCount(name: string): number {
  return contentTokens(nameTokens(name)).length;
}

/** The case's entity names, ready to be found in documents. Build once per request, reuse for every page. */
export class NameMatcher {
  readonly #index = new NameIndex();
  readonly #skeletons = new Set<string>();
  readonly #entities = new Map<string, NameEntity>();
  #maxWords = 1;

  constructor(entities: readonly NameEntity[]) {
    for (const e of entities) {
      this.#index.upsert(e);
      this.#entities.set(e.id, e);
      for (const name of [e.name, e.originalScriptName, ...e.aliases]) {
        if (!name) continue;
        const tokens = contentTokens(nameTokens(name));
        for (const t of tokens) this.#skeletons.add(t.skeleton || t.norm);
        // Word by word too: "Abu Karim" is one token ("abukarim") but two words in a document.
        for (const m of name.matchAll(WORD)) for (const sk of wordInfo(m[0]).skeletons) this.#skeletons.add(sk);
        this.#maxWords = Math.max(this.#maxWords, name.split(/\s+/).length);
      }
    }
  }

  get size(): number {
    return this.#entities.size;
  }

  #known(w: Word): boolean {
    return w.skeletons.length > 0 && w.skeletons.every((s) => this.#skeletons.has(s));
  }

  /** The entity a span of text names, with the name or alias it matched, or null. */
  confirm(span: string): { entityId: string; via: 'name' | 'alias' } | null {
    const n = contentCount(span);
    if (!n) return null;
    for (const hit of this.#index.query(span, { limit: 3 })) {
      if (hit.score < MIN_SCORE) break;
      const e = this.#entities.get(hit.id);
      if (!e) continue;
      const matched = hit.matched ?? e.name;
      if (contentCount(matched) !== n) continue;
      const via = hit.matched === null || hit.matched === e.originalScriptName ? 'name' : 'alias';
      return { entityId: hit.id, via };
    }
    return null;
  }

  /** Every known name in `text`, longest span first where spans overlap. */
  find(text: string): NameMatch[] {
    if (!this.#entities.size) return [];
    const { words, joined } = wordsOf(text);
    const out: NameMatch[] = [];
    const maxSpan = this.#maxWords + 2;
    let i = 0;
    while (i < words.length) {
      if (!this.#known(words[i]!)) {
        i++;
        continue;
      }
      // The run of known words (and particles) starting here.
      let j = i;
      while (j + 1 < words.length && j + 1 - i < maxSpan && joined[j] && (this.#known(words[j + 1]!) || words[j + 1]!.particle)) j++;
      let matched = false;
      for (let end = j; end >= i; end--) {
        if (!this.#known(words[end]!)) continue;
        const span = text.slice(words[i]!.start, words[end]!.end);
        const hit = this.confirm(span);
        if (hit) {
          out.push({ ...hit, found: span, start: words[i]!.start, end: words[end]!.end });
          i = end + 1;
          matched = true;
          break;
        }
      }
      if (!matched) i++;
    }
    return out;
  }
}

// ------------------------------------------------------------------------------------- unknown names

/** Words that start capitalised without being part of a name (sentence starts, titles, common nouns, dates). */
const STOP = new Set(
  `the a an this that these those he she they we it his her their our in on at of for from to by with and or but
  if when while after before during since until then there here mr mrs ms miss dr sir madam mister le la les un
  une des du de il elle ils elles nous vous on dans sur pour par avec et ou mais si quand lorsque après avant
  depuis selon monsieur madame mademoiselle m mme mlle me maître docteur bank banque street rue road avenue
  boulevard ministry ministère police court cour tribunal republic république company société hotel hôtel
  airport aéroport port city ville province region région district state état government gouvernement
  university université hospital hôpital office bureau department département national international united
  nations union european council conseil committee comité general général army armée forces guard garde coast
  security sécurité centre center camp prison detention north south east west nord sud est ouest january
  february march april may june july august september october november december janvier février mars avril
  mai juin juillet août septembre octobre novembre décembre monday tuesday wednesday thursday friday saturday
  sunday lundi mardi mercredi jeudi vendredi samedi dimanche page annex annexe article section chapter report
  rapport witness témoin statement déclaration case affaire dossier exhibit pièce subject objet re ref date
  total amount montant iban passport passeport phone téléphone email mobile tel fax address adresse note
  translation traduction original copy copie`.split(/\s+/),
);
/** Lower-case words allowed inside a name: "Ahmed al Tarhouni", "Jean de la Croix", "Omar bin Laden". */
const INNER = new Set(['al', 'el', 'ben', 'bin', 'bint', 'ibn', 'abu', 'abou', 'de', 'da', 'di', 'du', 'van', 'von', 'der', 'la', 'le', 'ould', 'wad']);

const LATIN_CAP = /^\p{Lu}[\p{Ll}\p{M}]+(?:[-'’]\p{Lu}?[\p{Ll}\p{M}]+)*$/u;
const ARABIC_WORD = /^[\u0621-\u064A\u0671-\u06D3]{2,}$/u;
const ARABIC_LINK = new Set(['بن', 'بنت', 'ابن']);
const ARABIC_ABU = new Set(['أبو', 'ابو', 'أبي', 'أم']);
const ARABIC_STOP = new Set(['في', 'من', 'إلى', 'الى', 'على', 'عن', 'مع', 'هذا', 'هذه', 'التي', 'الذي', 'قال', 'قالت', 'كان', 'كانت', 'أن', 'إن', 'ثم', 'بعد', 'قبل', 'عند', 'حتى', 'لكن', 'أو', 'و']);

export interface UnknownName {
  name: string;
  start: number;
  end: number;
}

/** Capitalised multi-word names and Arabic patronymic/kunya names in `text` that name no entity of the case. */
export function findUnknownNames(text: string, matcher: NameMatcher, known: readonly { start: number; end: number }[] = matcher.find(text)): UnknownName[] {
  const { words, joined } = wordsOf(text);
  const found: UnknownName[] = [];
  const out = { push: (u: UnknownName) => (known.some((k) => u.start < k.end && u.end > k.start) ? 0 : found.push(u)) };
  const isCap = (w: Word) => LATIN_CAP.test(w.raw) && !STOP.has(w.raw.toLowerCase()) && w.raw.length > 1;
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    // Latin: Cap (inner)* Cap ... up to four capitalised words.
    if (isCap(w)) {
      let j = i;
      let caps = 1;
      let k = i;
      while (k + 1 < words.length && joined[k]) {
        const next = words[k + 1]!;
        if (isCap(next) && caps < 4) {
          caps++;
          k++;
          j = k;
        } else if (INNER.has(next.raw.toLowerCase().replace(/-$/, '')) || /^(?:al|el)-\p{Lu}/u.test(next.raw)) {
          if (/^(?:al|el)-\p{Lu}/u.test(next.raw)) {
            caps++;
            k++;
            j = k;
          } else k++;
        } else break;
      }
      if (caps >= 2) {
        const name = text.slice(w.start, words[j]!.end);
        if (!matcher.confirm(name)) out.push({ name, start: w.start, end: words[j]!.end });
      }
      i = j + 1;
      continue;
    }
    // Arabic: X بن Y (بن Z), أبو X.
    if (ARABIC_WORD.test(w.raw) && !ARABIC_STOP.has(w.raw)) {
      const next = words[i + 1];
      if (ARABIC_ABU.has(w.raw) && next && joined[i] && ARABIC_WORD.test(next.raw) && !ARABIC_STOP.has(next.raw)) {
        const name = text.slice(w.start, next.end);
        if (!matcher.confirm(name)) out.push({ name, start: w.start, end: next.end });
        i += 2;
        continue;
      }
      let j = i;
      while (j + 2 < words.length && joined[j] && joined[j + 1] && ARABIC_LINK.has(words[j + 1]!.raw) && ARABIC_WORD.test(words[j + 2]!.raw) && !ARABIC_STOP.has(words[j + 2]!.raw)) j += 2;
      if (j > i && !ARABIC_LINK.has(w.raw) && !ARABIC_ABU.has(w.raw)) {
        const name = text.slice(w.start, words[j]!.end);
        if (!matcher.confirm(name)) out.push({ name, start: w.start, end: words[j]!.end });
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  return found;
}

// ------------------------------------------------------------------------------------------- snippets

const SNIPPET_SIDE = 70;

/** A one-line excerpt around [start, end) of `text`, cut at word boundaries, and the span's offsets in it. */
export function snippetAround(text: string, start: number, end: number): { snippet: string; highlights: [number, number][] } {
  let a = Math.max(0, start - SNIPPET_SIDE);
  let b = Math.min(text.length, end + SNIPPET_SIDE);
  if (a > 0) {
    const sp = text.indexOf(' ', a);
    if (sp >= 0 && sp < start) a = sp + 1;
  }
  if (b < text.length) {
    const sp = text.lastIndexOf(' ', b);
    if (sp > end) b = sp;
  }
  const prefix = a > 0 ? '…' : '';
  const suffix = b < text.length ? '…' : '';
  // Line breaks and tabs become spaces one for one, so offsets stay valid.
  const body = text.slice(a, b).replace(/[\r\n\t\f\v]/g, ' ');
  const s = prefix.length + (start - a);
  return { snippet: prefix + body + suffix, highlights: [[s, s + (end - start)]] };
}
