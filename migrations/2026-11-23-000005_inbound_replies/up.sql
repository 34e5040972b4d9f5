-- A requester's email reply becomes an incoming follow-up; the message's Message-ID is kept
-- so that the same message delivered twice (a provider's webhook retry) is attached once.
ALTER TABLE followups ADD COLUMN source_message_id TEXT;
CREATE UNIQUE INDEX followups_source_message ON followups (request_id, source_message_id)
    WHERE source_message_id IS NOT NULL;
