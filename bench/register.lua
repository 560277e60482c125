-- wrk script for bench/ratios.sh: POST /api/v1/registrations with a fresh
-- trainee e-mail and a fresh Idempotency-Key on every request (as the pages
-- send them), so that no request is refused as "already_registered", and a
-- count of every answer that is not a 201.
--
-- Each registration is paid by an employer (a structure outside the member
-- directory, 700 EUR), so that its seat is invoiced by the request that takes
-- it; each has its own SIRET, so that the limit of anonymous unpaid
-- registrations per employer and session never refuses one.
--
--   wrk -t2 -c16 -d15s --latency -s bench/register.lua \
--       http://127.0.0.1:PORT/api/v1/registrations -- SESSIONS [RUN_TAG]
--
-- SESSIONS is the session to register for (42), or a range of session ids
-- (42-241) that the requests go through in turn; RUN_TAG (optional) goes into
-- the e-mail addresses and keys so that two runs against the same database do
-- not collide.
--
-- wrk runs setup() and done() in the main Lua state and init(), request()
-- and response() in one Lua state per thread; values cross between them only
-- through thread:set() / thread:get().

local threads = {}
local next_thread_id = 0

function setup(thread)
    next_thread_id = next_thread_id + 1
    thread:set("id", next_thread_id)
    table.insert(threads, thread)
end

-- Per-thread state (each thread has its own copy of these globals).
local first_session
local session_count
local run_tag
local counter = 0
-- Kept in globals so that done() can read them with thread:get().
non_201 = 0
statuses = {}
first_error = nil

function init(args)
    local first, last = string.match(args[1] or "", "^(%d+)-(%d+)$")
    first_session = tonumber(first or args[1])
    session_count = last and (tonumber(last) - first_session + 1) or 1
    if first_session == nil or session_count < 1 then
        error("register.lua: pass the session id (42) or range (42-241) after --")
    end
    run_tag = args[2] or "run"
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    -- Pistache 0.0.5 closes the connection after each answer unless the
    -- client asks to keep it.
    wrk.headers["Connection"] = "keep-alive"
end

-- A valid SIRET (Luhn) that no other request of this run sends: "8", the
-- thread id, the thread's counter on 11 digits, the check digit.
local function siret_for(counter)
    local base = string.format("8%d%011d", id % 10, counter)
    local sum = 0
    for i = 1, #base do
        local digit = tonumber(string.sub(base, i, i))
        if i % 2 == 1 then
            digit = digit * 2
            if digit > 9 then
                digit = digit - 9
            end
        end
        sum = sum + digit
    end
    return base .. tostring((10 - sum % 10) % 10)
end

function request()
    counter = counter + 1
    -- Unique per request: run tag, wrk thread id, per-thread counter.
    local unique = string.format("%s-t%d-%d", run_tag, id, counter)
    local session_id = first_session + (counter * 7 + id) % session_count
    wrk.headers["Idempotency-Key"] = "bench-" .. unique
    return wrk.format(nil, nil, nil, string.format('{"session_id":%d,"funding":"employer",'
        .. '"employer":{"siret":"%s","name":"Banc d\'Essai SARL",'
        .. '"address":"1 rue du Banc d\'Essai\\n75000 Paris"},'
        .. '"trainee":{"first_name":"Charge","last_name":"Test %d",'
        .. '"email":"bench-%s@example.org"}}',
        session_id, siret_for(counter), id, unique))
end

function response(status, headers, body)
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
    if status ~= 201 then
        non_201 = non_201 + 1
        if first_error == nil then
            first_error = key .. " " .. string.sub(string.gsub(body or "", "%s+", " "), 1, 300)
        end
    end
end

function done(summary, latency, requests)
    local total_non_201 = 0
    local by_status = {}
    local samples = {}
    for _, thread in ipairs(threads) do
        total_non_201 = total_non_201 + (thread:get("non_201") or 0)
        local counts = thread:get("statuses") or {}
        for status, count in pairs(counts) do
            by_status[status] = (by_status[status] or 0) + count
        end
        local sample = thread:get("first_error")
        if sample ~= nil then
            table.insert(samples, sample)
        end
    end
    local parts = {}
    for status, count in pairs(by_status) do
        table.insert(parts, status .. "=" .. count)
    end
    table.sort(parts)
    io.write(string.format("register.lua: responses by status: %s\n",
        #parts > 0 and table.concat(parts, " ") or "(none)"))
    io.write(string.format("register.lua: non-201 responses: %d\n", total_non_201))
    for _, sample in ipairs(samples) do
        io.write("register.lua: first non-201 of a thread: " .. sample .. "\n")
    end
end
