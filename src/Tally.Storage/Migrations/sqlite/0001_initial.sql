-- Tally schema v1 (SQLite). Decimals are TEXT: SQLite's REAL is a double and would round money.
-- Times are Unix milliseconds (INTEGER). Kept column-for-column equal to the PostgreSQL file.
-- trades.seq is the rowid: it only grows, since the log never deletes, so no AUTOINCREMENT bookkeeping.
CREATE TABLE venues (
    name        TEXT    NOT NULL PRIMARY KEY,
    created_ms  INTEGER NOT NULL
);

CREATE TABLE accounts (
    venue       TEXT    NOT NULL REFERENCES venues(name),
    name        TEXT    NOT NULL,
    created_ms  INTEGER NOT NULL,
    PRIMARY KEY (venue, name)
);

CREATE TABLE instruments (
    symbol      TEXT    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    base_asset  TEXT    NOT NULL,
    quote_asset TEXT    NOT NULL,
    multiplier  TEXT    NOT NULL
);

CREATE TABLE trades (
    seq             INTEGER PRIMARY KEY,
    venue           TEXT    NOT NULL,
    account         TEXT    NOT NULL,
    symbol          TEXT    NOT NULL,
    trade_id        TEXT    NOT NULL,
    order_id        TEXT,
    client_order_id TEXT,
    side            TEXT    NOT NULL,
    position_side   TEXT    NOT NULL,
    amount          TEXT    NOT NULL,
    price           TEXT    NOT NULL,
    cost            TEXT    NOT NULL,
    fee             TEXT    NOT NULL,
    fee_asset       TEXT,
    fee_price       TEXT,
    ts_ms           INTEGER,
    strategy        TEXT,
    p1_delta        TEXT    NOT NULL,
    p2_delta        TEXT    NOT NULL,
    action          TEXT,
    realized_pnl    TEXT,
    processed       INTEGER NOT NULL,
    raw             TEXT,
    ingested_ms     INTEGER NOT NULL,
    -- A fill's identity. Symbol first, so the same index serves "this symbol's fills" queries.
    UNIQUE (symbol, venue, account, trade_id)
);
CREATE INDEX trades_unprocessed ON trades (processed) WHERE processed = 0;

CREATE TABLE positions (
    venue            TEXT    NOT NULL,
    account          TEXT    NOT NULL,
    symbol           TEXT    NOT NULL,
    position_side    TEXT    NOT NULL,
    side             TEXT    NOT NULL,
    size             TEXT    NOT NULL,
    signed_size      TEXT    NOT NULL,
    avg_price        TEXT,
    cost_basis       TEXT    NOT NULL,
    realized_pnl     TEXT    NOT NULL,
    settlement_fees  TEXT    NOT NULL,
    net_pnl          TEXT    NOT NULL,
    p1               TEXT    NOT NULL,
    p2               TEXT    NOT NULL,
    p1_fee           TEXT    NOT NULL,
    p2_fee           TEXT    NOT NULL,
    break_even_price TEXT,
    is_open          INTEGER NOT NULL,
    cycles           INTEGER NOT NULL,
    entry_ms         INTEGER,
    last_update_ms   INTEGER,
    state_json       TEXT    NOT NULL,
    PRIMARY KEY (venue, account, symbol, position_side)
);

CREATE TABLE cycles (
    venue            TEXT    NOT NULL,
    account          TEXT    NOT NULL,
    symbol           TEXT    NOT NULL,
    position_side    TEXT    NOT NULL,
    number           INTEGER NOT NULL,
    side             TEXT    NOT NULL,
    opened_ms        INTEGER,
    closed_ms        INTEGER,
    avg_entry_price  TEXT    NOT NULL,
    avg_exit_price   TEXT,
    peak_qty         TEXT    NOT NULL,
    realized_pnl     TEXT    NOT NULL,
    fees_json        TEXT    NOT NULL,
    net_pnl          TEXT    NOT NULL,
    realized_return  TEXT,
    PRIMARY KEY (venue, account, symbol, position_side, number)
);

CREATE TABLE sync_checkpoints (
    venue          TEXT    NOT NULL,
    account        TEXT    NOT NULL,
    symbol         TEXT    NOT NULL,
    last_trade_id  TEXT    NOT NULL,
    last_trade_ms  INTEGER,
    updated_ms     INTEGER NOT NULL,
    PRIMARY KEY (venue, account, symbol)
);

CREATE TABLE quarantine (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    venue        TEXT,
    account      TEXT,
    symbol       TEXT,
    trade_id     TEXT,
    reason       TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    received_ms  INTEGER NOT NULL
);

CREATE TABLE audit (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms    INTEGER NOT NULL,
    kind     TEXT    NOT NULL,
    subject  TEXT    NOT NULL,
    before   TEXT,
    after    TEXT,
    reason   TEXT    NOT NULL
);
