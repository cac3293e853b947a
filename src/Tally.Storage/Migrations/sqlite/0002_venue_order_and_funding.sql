-- Tally schema v2 (SQLite). Kept column-for-column equal to the PostgreSQL file.
--
-- Fills now fold per position key in venue order (time, trade id, log sequence) instead of arrival order.
-- Positions and cycles are a fold of the log, so they are dropped here and every fill is marked unfolded:
-- the first open after this migration folds the whole log again, in venue order, in one transaction.

DELETE FROM cycles;
DELETE FROM positions;
UPDATE trades SET processed = 0;

-- Where each position's fold stands: 'venue' (last fill folded at last_fill_ms / last_fill_trade_id) or
-- 'log' (the key holds a fill without a time and folds in log order).
ALTER TABLE positions ADD COLUMN fold_order TEXT NOT NULL DEFAULT 'venue';
ALTER TABLE positions ADD COLUMN last_fill_ms INTEGER;
ALTER TABLE positions ADD COLUMN last_fill_trade_id TEXT;

-- Perpetual funding payments, idempotent on (venue, account, funding_id).
CREATE TABLE funding (
    seq            INTEGER PRIMARY KEY,
    venue          TEXT    NOT NULL,
    account        TEXT    NOT NULL,
    symbol         TEXT    NOT NULL,
    position_side  TEXT    NOT NULL,
    asset          TEXT    NOT NULL,
    amount         TEXT    NOT NULL,
    time_ms        INTEGER NOT NULL,
    funding_id     TEXT    NOT NULL,
    raw            TEXT,
    ingested_ms    INTEGER NOT NULL,
    UNIQUE (venue, account, funding_id)
);
CREATE INDEX funding_position ON funding (symbol, venue, account, position_side);

-- What a quarantined record was: 'fill', 'funding', or the source a raw payload came from.
ALTER TABLE quarantine ADD COLUMN source TEXT NOT NULL DEFAULT 'fill';

-- A checkpoint per kind ('trades', 'funding'). SQLite cannot change a primary key in place: rebuild.
CREATE TABLE sync_checkpoints_v2 (
    venue          TEXT    NOT NULL,
    account        TEXT    NOT NULL,
    symbol         TEXT    NOT NULL,
    last_trade_id  TEXT    NOT NULL,
    last_trade_ms  INTEGER,
    updated_ms     INTEGER NOT NULL,
    kind           TEXT    NOT NULL DEFAULT 'trades',
    PRIMARY KEY (venue, account, symbol, kind)
);
INSERT INTO sync_checkpoints_v2 (venue, account, symbol, last_trade_id, last_trade_ms, updated_ms, kind)
    SELECT venue, account, symbol, last_trade_id, last_trade_ms, updated_ms, 'trades' FROM sync_checkpoints;
DROP TABLE sync_checkpoints;
ALTER TABLE sync_checkpoints_v2 RENAME TO sync_checkpoints;
