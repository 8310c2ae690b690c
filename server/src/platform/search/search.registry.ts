import type { SearchHit, SearchObject } from "@relata/contracts";
import type { UserActor } from "../access/actor";

/** A hit with its relevance: 4 exact, 3 prefix, 2 word start, 1 anywhere, plus trigram similarity (0–1). */
export type ScoredHit = SearchHit & { score: number };

/**
 * One searchable kind of record. A module offers one (through its index.ts) and `buildApp`
 * registers it; the provider applies the same access condition as the module's lists, so
 * search never shows what a list would not.
 */
export type SearchProvider = {
  object: SearchObject;
  /** Function-level check: may this actor read this kind at all? Others are not asked. */
  mayUse: (actor: UserActor) => boolean;
  /**
   * At most `limit` hits, best first; `q` is 1–100 characters, already trimmed. `tally` holds the
   * scores every provider of this search found so far: a level whose best score could not place
   * among them need not be asked.
   */
  search: (actor: UserActor, q: string, limit: number, tally?: SearchTally) => Promise<ScoredHit[]>;
  /**
   * Near misses ("Ericson" → "Ericsson AB"), asked only when no provider found the text itself:
   * a typo search reads much of the trigram index, and a right word found anywhere beats it.
   */
  searchTypos?: (actor: UserActor, q: string, limit: number) => Promise<ScoredHit[]>;
};

/**
 * The scores the providers of one search have found so far. Only the best `limit` of all are
 * shown, so once `limit` hits score at least what a level can reach, that level (and every
 * lower one) can add nothing and is skipped: a search whose companies fill the list by prefix
 * does not go on to read the contacts' text for the same letters. The result is the same.
 */
export class SearchTally {
  private readonly scores: number[] = [];

  constructor(readonly limit: number) {}

  add(hits: readonly { score: number }[]) {
    for (const hit of hits) this.scores.push(hit.score);
  }

  /** `limit` hits score `ceiling` or more: nothing scoring at most `ceiling` can be shown. */
  full(ceiling: number): boolean {
    let above = 0;
    for (const score of this.scores) if (score >= ceiling && ++above >= this.limit) return true;
    return false;
  }
}

/** The providers of global search, asked in parallel; their hits merged by score. */
export class SearchRegistry {
  private readonly providers: SearchProvider[] = [];

  add(provider: SearchProvider): this {
    if (this.providers.some((existing) => existing.object === provider.object))
      throw new Error(`search provider for ${provider.object} registered twice`);
    this.providers.push(provider);
    return this;
  }

  get objects(): SearchObject[] {
    return this.providers.map((provider) => provider.object);
  }

  async search(actor: UserActor, q: string, limit: number): Promise<SearchHit[]> {
    const usable = this.providers.filter((provider) => provider.mayUse(actor));
    const tally = new SearchTally(limit);
    let found = (await Promise.all(usable.map((provider) => provider.search(actor, q, limit, tally)))).flat();
    if (found.length === 0) found = (await Promise.all(usable.map((provider) => provider.searchTypos?.(actor, q, limit) ?? []))).flat();
    found.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
    return found
      .slice(0, limit)
      .map(({ object, id, title, subtitle, companyId }) => ({ object, id, title, subtitle, ...(companyId ? { companyId } : {}) }));
  }
}
