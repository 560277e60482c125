-- Erasure on request: a trainee's identity is replaced by a placeholder (invoices keep their own
-- snapshot, the legal record) and the moment is kept.
ALTER TABLE trainees ADD COLUMN erased_at TIMESTAMPTZ;
