-- Why an agreement was superseded decides what refusing the new one costs: after a session edit
-- (the organiser changed the dates, hours or place), a person who has not signed the new version
-- has not accepted the change, so cancelling keeps no fee; after a move (asked for by the
-- trainee) the ordinary cancellation terms apply. Rows written before this migration are told
-- apart by the reason the service wrote ("session CAE-… edited: …" for an edit).

ALTER TABLE agreement_supersessions ADD COLUMN cause TEXT NOT NULL DEFAULT 'move'
    CHECK (cause IN ('move', 'session_edit'));

ALTER TABLE agreement_supersessions DISABLE TRIGGER agreement_supersessions_immutable;
UPDATE agreement_supersessions SET cause = 'session_edit' WHERE reason LIKE 'session % edited: %';
ALTER TABLE agreement_supersessions ENABLE TRIGGER agreement_supersessions_immutable;

ALTER TABLE agreement_supersessions ALTER COLUMN cause DROP DEFAULT;
