-- wrk script for bench/registrations.sh: POST /api/v1/registrations with a
-- fresh trainee e-mail on every request, so that no request is refused as
-- "already_registered", and a count of every answer that is not a 201.
--
--   wrk -t2 -c16 -d15s --latency -s bench/register.lua \
--       http://127.0.0.1:PORT/api/v1/registrations -- SESSION_ID [RUN_TAG]
--
-- SESSION_ID is the session to register for; RUN_TAG (optional) goes into the
-- e-mail addresses so that two runs against the same database do not collide.
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
local session_id
local run_tag
local body_prefix
local counter = 0
-- Kept in globals so that done() can read them with thread:get().
non_201 = 0
statuses = {}
first_error = nil

function init(args)
    session_id = tonumber(args[1])
    if session_id == nil then
        error("register.lua: pass the session id after --, e.g. wrk ... URL -- 42")
    end
    run_tag = args[2] or "run"
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    -- Pistache 0.0.5 closes the connection after each answer unless the
    -- client asks to keep it.
    wrk.headers["Connection"] = "keep-alive"
    body_prefix = string.format('{"session_id":%d,"funding":"self","trainee":{'
        .. '"first_name":"Charge","last_name":"Test %d",'
        .. '"address":"1 rue du Banc d\'Essai\\n75000 Paris","email":"', session_id, id)
end

function request()
    counter = counter + 1
    -- Unique per request: run tag, wrk thread id, per-thread counter.
    local email = string.format("bench-%s-t%d-%d@example.org", run_tag, id, counter)
    return wrk.format(nil, nil, nil, body_prefix .. email .. '"}}')
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
