-- Notifications (Telegram, webhook): the outbox. A message is a row before anything is sent, so nothing is lost
-- when tally run stops; the sender delivers pending rows oldest first and marks them sent (or failed for good).
CREATE TABLE notification_outbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_ms   BIGINT  NOT NULL,
    channel      TEXT    NOT NULL,
    target       TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    payload      TEXT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_ms      BIGINT  NOT NULL,
    sent_ms      BIGINT,
    failed_ms    BIGINT,
    last_error   TEXT
);

CREATE INDEX notification_outbox_pending ON notification_outbox (next_ms) WHERE sent_ms IS NULL AND failed_ms IS NULL;
