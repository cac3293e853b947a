-- The risk monitor (DESIGN.md §5): its journal, its state (breaker with its halt, health bands, and what
-- tally risk status shows), and the requests the CLI leaves for a running tally run (force close, reset).
CREATE TABLE risk_events (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    ts                    INTEGER NOT NULL,
    type                  TEXT    NOT NULL,
    venue                 TEXT,
    account               TEXT,
    strategy_position_id  TEXT,
    key                   TEXT,
    price                 TEXT,
    reason                TEXT,
    detail                TEXT    NOT NULL
);

CREATE INDEX risk_events_ts ON risk_events (ts);

CREATE TABLE risk_state (
    name        TEXT    PRIMARY KEY,
    state       TEXT    NOT NULL,
    status      TEXT,
    updated_ms  INTEGER NOT NULL
);

CREATE TABLE risk_requests (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms     INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    target    TEXT,
    done_ms   INTEGER,
    outcome   TEXT
);
