-- The tables that count what a client did (rate limits, login throttling) keep a SHA-256 of
-- its address, never the address itself (app/tokens.hpp: client_key). The rows already there
-- are hashed the same way; login failures recorded before clients were counted have none ('').
UPDATE client_requests SET client = encode(sha256(convert_to('client:' || client, 'UTF8')), 'hex');
UPDATE login_failures SET client = encode(sha256(convert_to('client:' || client, 'UTF8')), 'hex')
    WHERE client <> '';
UPDATE login_clients SET client = encode(sha256(convert_to('client:' || client, 'UTF8')), 'hex');
