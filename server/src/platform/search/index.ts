// Global search: the provider registry and the search index (`search_entries`) modules write to.
export { SearchRegistry, SearchTally, type SearchProvider, type ScoredHit } from "./search.registry";
export {
  upsertSearchEntry,
  upsertSearchEntries,
  deleteSearchEntry,
  moveSearchEntries,
  indexedSearchProvider,
  searchIndex,
  searchBodyMax,
  searchTierCap,
  type SearchEntry,
  type SearchScope,
  type IndexedSearchOptions,
} from "./search.index";
