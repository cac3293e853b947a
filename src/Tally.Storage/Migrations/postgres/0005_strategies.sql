-- Tally schema v5 (PostgreSQL). Kept column-for-column equal to the SQLite file.
--
-- Several strategies on one account (DESIGN.md §3 and §4): the signals and their decisions, the order intents
-- committed before an order is sent, and the attribution fold of the fill log in three layers (strategy positions,
-- their contributions to exchange-position cycles, exchange positions). Table and column names are a contract:
-- users run SQL against them. Decimals are NUMERIC (exact), times Unix milliseconds, as in every table.
-- The attribution tables are a fold of trades + order_intents + funding, written in the same transaction as the
-- fills that change them, and rebuilt from the log when needed (tally verify compares them with a replay).

CREATE TABLE signals (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    venue                  TEXT    NOT NULL,
    account                TEXT    NOT NULL,
    signal_id              TEXT    NOT NULL,
    strategy_id            TEXT    NOT NULL,
    symbol                 TEXT    NOT NULL,
    action                 TEXT    NOT NULL,
    confidence             NUMERIC    NOT NULL,
    quantity               NUMERIC,
    size_fraction          NUMERIC,
    price                  NUMERIC,
    take_profit            NUMERIC,
    stop_loss              NUMERIC,
    take_profit_pct        NUMERIC,
    stop_loss_pct          NUMERIC,
    timeframe              TEXT,
    timestamp              BIGINT NOT NULL,
    decision               TEXT    NOT NULL,
    reason                 TEXT    NOT NULL,
    conflicts_with         TEXT,
    received_at            BIGINT NOT NULL,
    entry_client_order_id  TEXT,
    UNIQUE (venue, account, signal_id)
);
CREATE INDEX signals_symbol ON signals (venue, account, symbol, timestamp);

CREATE TABLE order_intents (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    venue                 TEXT    NOT NULL,
    account               TEXT    NOT NULL,
    client_order_id       TEXT    NOT NULL,
    symbol                TEXT    NOT NULL,
    strategy_id           TEXT    NOT NULL,
    purpose               TEXT    NOT NULL,
    order_ref             TEXT,
    strategy_position_id  TEXT,
    close_reason          TEXT,
    take_profit           NUMERIC,
    stop_loss             NUMERIC,
    take_profit_pct       NUMERIC,
    stop_loss_pct         NUMERIC,
    kind                  TEXT    NOT NULL,
    side                  TEXT    NOT NULL,
    position_side         TEXT    NOT NULL,
    quantity              NUMERIC    NOT NULL,
    price                 NUMERIC,
    reduce_only           BIGINT NOT NULL,
    signal_id             TEXT,
    created_at            BIGINT NOT NULL,
    status                TEXT    NOT NULL,
    venue_order_id        TEXT,
    detail                TEXT,
    updated_at            BIGINT,
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
    entry_quantity         NUMERIC    NOT NULL,
    entry_price            NUMERIC    NOT NULL,
    entry_time             BIGINT,
    take_profit_price      NUMERIC,
    stop_loss_price        NUMERIC,
    status                 TEXT    NOT NULL,
    open_quantity          NUMERIC    NOT NULL,
    exit_price             NUMERIC,
    exit_time              BIGINT,
    close_reason           TEXT,
    realized_pnl           NUMERIC    NOT NULL,
    fees                   NUMERIC    NOT NULL,
    net_pnl                NUMERIC    NOT NULL,
    realized_pnl_pct       NUMERIC,
    exchange_position_key  TEXT    NOT NULL,
    cycle                  BIGINT NOT NULL,
    position_sequence      BIGINT NOT NULL,
    open_cost              NUMERIC    NOT NULL,
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
    contribution_quantity     NUMERIC    NOT NULL,
    contribution_entry_price  NUMERIC    NOT NULL,
    contribution_time         BIGINT,
    position_sequence         BIGINT NOT NULL,
    contribution_pnl          NUMERIC    NOT NULL,
    contribution_pnl_pct      NUMERIC,
    close_reason              TEXT,
    status                    TEXT    NOT NULL,
    cycle                     BIGINT NOT NULL
);
CREATE INDEX position_contributions_key ON position_contributions (exchange_position_key);

CREATE TABLE exchange_positions (
    venue                    TEXT    NOT NULL,
    account                  TEXT    NOT NULL,
    exchange_position_key    TEXT    NOT NULL,
    symbol                   TEXT    NOT NULL,
    side                     TEXT    NOT NULL,
    current_quantity         NUMERIC    NOT NULL,
    weighted_avg_price       NUMERIC,
    contributing_strategies  TEXT    NOT NULL,
    total_contributions      BIGINT NOT NULL,
    status                   TEXT    NOT NULL,
    PRIMARY KEY (venue, account, exchange_position_key)
);

-- The views sum NUMERIC columns: exact.
CREATE VIEW strategy_performance AS
SELECT
    strategy_id,
    COUNT(*) AS total_positions,
    SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS closed_positions,
    SUM(CASE WHEN status = 'closed' AND close_reason = 'take_profit' THEN 1 ELSE 0 END) AS tp_hits,
    SUM(CASE WHEN status = 'closed' AND close_reason = 'stop_loss' THEN 1 ELSE 0 END) AS sl_hits,
    SUM(CASE WHEN status = 'closed' AND net_pnl > 0 THEN 1 ELSE 0 END) AS winning_trades,
    CASE WHEN SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) = 0 THEN NULL
         ELSE CAST(SUM(CASE WHEN status = 'closed' AND net_pnl > 0 THEN 1 ELSE 0 END) AS NUMERIC)
              / SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) END AS win_rate,
    SUM(realized_pnl) AS total_pnl,
    AVG(CASE WHEN status = 'closed' THEN realized_pnl_pct END) AS avg_pnl_pct
FROM strategy_positions
GROUP BY strategy_id;

CREATE VIEW contribution_summary AS
SELECT
    venue,
    account,
    exchange_position_key,
    COUNT(DISTINCT strategy_id) AS strategies,
    COUNT(*) AS contributions,
    SUM(contribution_pnl) AS attributed_pnl
FROM position_contributions
GROUP BY venue, account, exchange_position_key;
