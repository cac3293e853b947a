-- Tally schema v1 (PostgreSQL). Decimals are NUMERIC (exact). Times are Unix milliseconds (BIGINT).
-- Kept column-for-column equal to the SQLite file.
CREATE TABLE venues (
    name        TEXT    NOT NULL PRIMARY KEY,
    created_ms  BIGINT  NOT NULL
);

CREATE TABLE accounts (
    venue       TEXT    NOT NULL REFERENCES venues(name),
    name        TEXT    NOT NULL,
    created_ms  BIGINT  NOT NULL,
    PRIMARY KEY (venue, name)
);

CREATE TABLE instruments (
    symbol      TEXT    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    base_asset  TEXT    NOT NULL,
    quote_asset TEXT    NOT NULL,
    multiplier  NUMERIC    NOT NULL
);

CREATE TABLE trades (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    venue           TEXT    NOT NULL,
    account         TEXT    NOT NULL,
    symbol          TEXT    NOT NULL,
    trade_id        TEXT    NOT NULL,
    order_id        TEXT,
    client_order_id TEXT,
    side            TEXT    NOT NULL,
    position_side   TEXT    NOT NULL,
    amount          NUMERIC    NOT NULL,
    price           NUMERIC    NOT NULL,
    cost            NUMERIC    NOT NULL,
    fee             NUMERIC    NOT NULL,
    fee_asset       TEXT,
    fee_price       NUMERIC,
    ts_ms           BIGINT,
    strategy        TEXT,
    p1_delta        NUMERIC    NOT NULL,
    p2_delta        NUMERIC    NOT NULL,
    action          TEXT,
    realized_pnl    NUMERIC,
    processed       BIGINT  NOT NULL,
    raw             TEXT,
    ingested_ms     BIGINT  NOT NULL,
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
    size             NUMERIC    NOT NULL,
    signed_size      NUMERIC    NOT NULL,
    avg_price        NUMERIC,
    cost_basis       NUMERIC    NOT NULL,
    realized_pnl     NUMERIC    NOT NULL,
    settlement_fees  NUMERIC    NOT NULL,
    net_pnl          NUMERIC    NOT NULL,
    p1               NUMERIC    NOT NULL,
    p2               NUMERIC    NOT NULL,
    p1_fee           NUMERIC    NOT NULL,
    p2_fee           NUMERIC    NOT NULL,
    break_even_price NUMERIC,
    is_open          BIGINT  NOT NULL,
    cycles           BIGINT  NOT NULL,
    entry_ms         BIGINT,
    last_update_ms   BIGINT,
    state_json       TEXT    NOT NULL,
    PRIMARY KEY (venue, account, symbol, position_side)
);

CREATE TABLE cycles (
    venue            TEXT    NOT NULL,
    account          TEXT    NOT NULL,
    symbol           TEXT    NOT NULL,
    position_side    TEXT    NOT NULL,
    number           BIGINT  NOT NULL,
    side             TEXT    NOT NULL,
    opened_ms        BIGINT,
    closed_ms        BIGINT,
    avg_entry_price  NUMERIC    NOT NULL,
    avg_exit_price   NUMERIC,
    peak_qty         NUMERIC    NOT NULL,
    realized_pnl     NUMERIC    NOT NULL,
    fees_json        TEXT    NOT NULL,
    net_pnl          NUMERIC    NOT NULL,
    realized_return  NUMERIC,
    PRIMARY KEY (venue, account, symbol, position_side, number)
);

CREATE TABLE sync_checkpoints (
    venue          TEXT    NOT NULL,
    account        TEXT    NOT NULL,
    symbol         TEXT    NOT NULL,
    last_trade_id  TEXT    NOT NULL,
    last_trade_ms  BIGINT,
    updated_ms     BIGINT  NOT NULL,
    PRIMARY KEY (venue, account, symbol)
);

CREATE TABLE quarantine (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    venue        TEXT,
    account      TEXT,
    symbol       TEXT,
    trade_id     TEXT,
    reason       TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    received_ms  BIGINT  NOT NULL
);

CREATE TABLE audit (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_ms    BIGINT  NOT NULL,
    kind     TEXT    NOT NULL,
    subject  TEXT    NOT NULL,
    before   TEXT,
    after    TEXT,
    reason   TEXT    NOT NULL
);
