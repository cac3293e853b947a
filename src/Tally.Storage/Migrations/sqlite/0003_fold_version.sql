-- Tally schema v3. Kept equal on SQLite and PostgreSQL.
--
-- A store-level fold version: every writer that commits fills, funding, instruments or positions bumps it
-- inside its write transaction (which holds the store's writer lock). A writer that finds it moved since its
-- own last fold reloads positions and fold marks before folding, so two processes writing one store never
-- fold on top of stale positions.
CREATE TABLE fold_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT  NOT NULL
);
INSERT INTO fold_version (id, version) VALUES (1, 0);
