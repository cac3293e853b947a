-- Tally schema v5 (SQLite). Kept column-for-column equal to the PostgreSQL file.
--
-- Several strategies on one account (DESIGN.md §3 and §4): the signals and their decisions, the order intents
-- committed before an order is sent, and the attribution fold of the fill log in three layers (strategy positions,
-- their contributions to exchange-position cycles, exchange positions). Table and column names are a contract:
-- users run SQL against them. Decimals are TEXT (exact), times Unix milliseconds, as in every table.
-- The attribution tables are a fold of trades + order_intents + funding, written in the same transaction as the
-- fills that change them, and rebuilt from the log when needed (tally verify compares them with a replay).

CREATE TABLE signals (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    venue                  TEXT    NOT NULL,
    account                TEXT    NOT NULL,
    signal_id              TEXT    NOT NULL,
    strategy_id            TEXT    NOT NULL,
    symbol                 TEXT    NOT NULL,
    action                 TEXT    NOT NULL,
    confidence             TEXT    NOT NULL,
    quantity               TEXT,
    size_fraction          TEXT,
    price                  TEXT,
    take_profit            TEXT,
    stop_loss              TEXT,
    take_profit_pct        TEXT,
    stop_loss_pct          TEXT,
    timeframe              TEXT,
    timestamp              INTEGER NOT NULL,
    decision               TEXT    NOT NULL,
    reason                 TEXT    NOT NULL,
    conflicts_with         TEXT,
    received_at            INTEGER NOT NULL,
    entry_client_order_id  TEXT,
    UNIQUE (venue, account, signal_id)
);
CREATE INDEX signals_symbol ON signals (venue, account, symbol, timestamp);

CREATE TABLE order_intents (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    venue                 TEXT    NOT NULL,
    account               TEXT    NOT NULL,
    client_order_id       TEXT    NOT NULL,
    symbol                TEXT    NOT NULL,
    strategy_id           TEXT    NOT NULL,
    purpose               TEXT    NOT NULL,
    order_ref             TEXT,
    strategy_position_id  TEXT,
    close_reason          TEXT,
    take_profit           TEXT,
    stop_loss             TEXT,
    take_profit_pct       TEXT,
    stop_loss_pct         TEXT,
    kind                  TEXT    NOT NULL,
    side                  TEXT    NOT NULL,
    position_side         TEXT    NOT NULL,
    quantity              TEXT    NOT NULL,
    price                 TEXT,
    reduce_only           INTEGER NOT NULL,
    signal_id             TEXT,
    created_at            INTEGER NOT NULL,
    status                TEXT    NOT NULL,
    venue_order_id        TEXT,
    detail                TEXT,
    updated_at            INTEGER,
    UNIQUE (venue, account, client_order_id)
);
CREATE INDEX order_intents_status ON order_intents (status);
-- The fills of an order, by its client order id (an intent saved after its order's fills makes the log re-attribute).
CREATE INDEX trades_client_order ON trades (venue, account, client_order_id) WHERE client_order_id IS NOT NULL;

CREATE TABLE strategy_positions (
    venue                  TEXT    NOT NULL,
    account                TEXT    NOT NULL,
    symbol                 TEXT    NOT NULL,
    strategy_position_id   TEXT    NOT NULL,
    strategy_id            TEXT    NOT NULL,
    position_side          TEXT    NOT NULL,
    side                   TEXT    NOT NULL,
    entry_quantity         TEXT    NOT NULL,
    entry_price            TEXT    NOT NULL,
    entry_time             INTEGER,
    take_profit_price      TEXT,
    stop_loss_price        TEXT,
    status                 TEXT    NOT NULL,
    open_quantity          TEXT    NOT NULL,
    exit_price             TEXT,
    exit_time              INTEGER,
    close_reason           TEXT,
    realized_pnl           TEXT    NOT NULL,
    fees                   TEXT    NOT NULL,
    net_pnl                TEXT    NOT NULL,
    realized_pnl_pct       TEXT,
    exchange_position_key  TEXT    NOT NULL,
    cycle                  INTEGER NOT NULL,
    position_sequence      INTEGER NOT NULL,
    open_cost              TEXT    NOT NULL,
    fees_json              TEXT    NOT NULL,
    funding_json           TEXT    NOT NULL,
    PRIMARY KEY (venue, account, symbol, strategy_position_id)
);
CREATE INDEX strategy_positions_strategy ON strategy_positions (strategy_id, status);

CREATE TABLE position_contributions (
    contribution_id           TEXT    NOT NULL PRIMARY KEY,
    strategy_position_id      TEXT    NOT NULL,
    exchange_position_key     TEXT    NOT NULL,
    strategy_id               TEXT    NOT NULL,
    venue                     TEXT    NOT NULL,
    account                   TEXT    NOT NULL,
    symbol                    TEXT    NOT NULL,
    position_side             TEXT    NOT NULL,
    contribution_quantity     TEXT    NOT NULL,
    contribution_entry_price  TEXT    NOT NULL,
    contribution_time         INTEGER,
    position_sequence         INTEGER NOT NULL,
    contribution_pnl          TEXT    NOT NULL,
    contribution_pnl_pct      TEXT,
    close_reason              TEXT,
    status                    TEXT    NOT NULL,
    cycle                     INTEGER NOT NULL
);
CREATE INDEX position_contributions_key ON position_contributions (exchange_position_key);

CREATE TABLE exchange_positions (
    venue                    TEXT    NOT NULL,
    account                  TEXT    NOT NULL,
    exchange_position_key    TEXT    NOT NULL,
    symbol                   TEXT    NOT NULL,
    side                     TEXT    NOT NULL,
    current_quantity         TEXT    NOT NULL,
    weighted_avg_price       TEXT,
    contributing_strategies  TEXT    NOT NULL,
    total_contributions      INTEGER NOT NULL,
    status                   TEXT    NOT NULL,
    PRIMARY KEY (venue, account, exchange_position_key)
);

-- The views sum TEXT decimals: SQLite converts them to REAL (a double, about 15 significant digits), so on
-- SQLite total_pnl, avg_pnl_pct and attributed_pnl are close, not exact (PostgreSQL sums NUMERIC exactly).
-- Exact figures: tally strategies / tally contributions, which sum the rows as decimals.
CREATE VIEW strategy_performance AS
SELECT
    strategy_id,
    COUNT(*) AS total_positions,
    SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS closed_positions,
    SUM(CASE WHEN status = 'closed' AND close_reason = 'take_profit' THEN 1 ELSE 0 END) AS tp_hits,
    SUM(CASE WHEN status = 'closed' AND close_reason = 'stop_loss' THEN 1 ELSE 0 END) AS sl_hits,
    SUM(CASE WHEN status = 'closed' AND CAST(net_pnl AS REAL) > 0 THEN 1 ELSE 0 END) AS winning_trades,
    CASE WHEN SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) = 0 THEN NULL
         ELSE CAST(SUM(CASE WHEN status = 'closed' AND CAST(net_pnl AS REAL) > 0 THEN 1 ELSE 0 END) AS REAL)
              / SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) END AS win_rate,
    SUM(CAST(realized_pnl AS REAL)) AS total_pnl,
    AVG(CASE WHEN status = 'closed' THEN CAST(realized_pnl_pct AS REAL) END) AS avg_pnl_pct
FROM strategy_positions
GROUP BY strategy_id;

CREATE VIEW contribution_summary AS
SELECT
    venue,
    account,
    exchange_position_key,
    COUNT(DISTINCT strategy_id) AS strategies,
    COUNT(*) AS contributions,
    SUM(CAST(contribution_pnl AS REAL)) AS attributed_pnl
FROM position_contributions
GROUP BY venue, account, exchange_position_key;
