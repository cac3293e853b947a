-- Tally schema v4. Kept equal on SQLite and PostgreSQL.
--
-- Instruments are keyed by venue and symbol: spot BTCUSDT and the USD-M BTCUSDT perpetual live side by side in
-- one store. venue '' is a definition for every venue without an own one. An existing row keeps the venue(s) it
-- was used on: one row per venue that has trades or funding for its symbol, or '' when it has none yet.
CREATE TABLE instruments_v4 (
    venue       TEXT    NOT NULL,
    symbol      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    base_asset  TEXT    NOT NULL,
    quote_asset TEXT    NOT NULL,
    multiplier  NUMERIC    NOT NULL,
    PRIMARY KEY (venue, symbol)
);
INSERT INTO instruments_v4 (venue, symbol, kind, base_asset, quote_asset, multiplier)
SELECT COALESCE(used.venue, ''), i.symbol, i.kind, i.base_asset, i.quote_asset, i.multiplier
FROM instruments i
LEFT JOIN (SELECT venue, symbol FROM trades UNION SELECT venue, symbol FROM funding) used ON used.symbol = i.symbol;
DROP TABLE instruments;
ALTER TABLE instruments_v4 RENAME TO instruments;
