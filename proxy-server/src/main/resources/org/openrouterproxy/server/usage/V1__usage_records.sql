-- The usage ledger: one row per upstream /v1 request. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Times are epoch milliseconds (UTC), money is whole nano-USD (10^-9), so sums are exact on both databases.
CREATE TABLE usage_records (
    ts_ms                    BIGINT       NOT NULL,
    request_id               VARCHAR(128) NOT NULL,
    key_id                   VARCHAR(64)  NOT NULL,
    model                    VARCHAR(200),
    route                    VARCHAR(16)  NOT NULL,
    status                   INTEGER      NOT NULL,
    stream                   SMALLINT     NOT NULL,
    prompt_tokens            BIGINT       NOT NULL,
    completion_tokens        BIGINT       NOT NULL,
    cached_tokens            BIGINT       NOT NULL,
    cache_write_tokens       BIGINT       NOT NULL,
    cost_nanos               BIGINT,
    cost_without_cache_nanos BIGINT,
    saving_nanos             BIGINT,
    marker_injected          SMALLINT     NOT NULL,
    upstream_ms              BIGINT       NOT NULL,
    duration_ms              BIGINT       NOT NULL
);
CREATE INDEX usage_records_ts ON usage_records (ts_ms);
