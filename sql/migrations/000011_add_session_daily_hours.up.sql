-- The hours of each day of a session, shown on the public pages and printed on the sign-in
-- sheet: the morning and the afternoon half-days. Staff move them; each half-day keeps the
-- course's half-day length (checked by the service), so the hours on the sheet and those on the
-- certificates always agree.
ALTER TABLE sessions
    ADD COLUMN morning_start   TIME NOT NULL DEFAULT '09:00',
    ADD COLUMN morning_end     TIME NOT NULL DEFAULT '12:30',
    ADD COLUMN afternoon_start TIME NOT NULL DEFAULT '13:30',
    ADD COLUMN afternoon_end   TIME NOT NULL DEFAULT '17:00',
    ADD CONSTRAINT sessions_daily_hours_in_order CHECK (
        morning_start < morning_end AND morning_end <= afternoon_start
        AND afternoon_start < afternoon_end);
