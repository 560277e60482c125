-- Requests anonymous clients made on the public endpoints that cost something (registrations,
-- quotes), counted per client address across every instance (app/rate_limits.hpp). A request
-- refused for its rate is not recorded; rows older than a day are purged.
CREATE TABLE client_requests (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope  TEXT NOT NULL,
    client TEXT NOT NULL,
    at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX client_requests_by_client ON client_requests (scope, client, at);
CREATE INDEX client_requests_by_time ON client_requests (at);
