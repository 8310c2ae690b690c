-- Typeahead: a title prefix ("Sjö", "嘉安") is a range of this btree, read in order and stopped
-- after the tier's cap. The trigram index cannot do that: a GIN scan builds the bitmap of every
-- entry holding the prefix's trigrams first (16,000 entries for "sjö" among 400,000).
CREATE INDEX search_entries_title_prefix_idx ON search_entries (object, relata_fold(title) text_pattern_ops);
