-- Tally schema v8. Kept equal on SQLite and PostgreSQL.
--
-- The attribution policy (fifo or pro-rata: how an exit nobody placed is spread over a key's open strategy
-- positions) the attribution tables were folded with. A fill log opened on the store folds, verifies and replays
-- with it; one asked for another policy on a store that holds fills refuses to open (README: attribution policy).
-- Stores from before held fifo rows, the only policy they could be folded with.
ALTER TABLE fold_version ADD COLUMN attribution_policy TEXT NOT NULL DEFAULT 'fifo';
