-- The public pages list provinces and poor counties on every request; with villages loaded the
-- regions table holds 665,276 rows, so these lookups must not scan it.
CREATE INDEX regions_level ON regions(level, code);
CREATE INDEX regions_poor ON regions(code) WHERE poor_county;
