-- SQLite only (issue 5, event throughput): rows the outbox's own append wrote are marked bus_ready = 1. Their envelope
-- is the serialised form of an event object, so it is JSON, its event_id is the row's id and it has a timestamp: the
-- relay's check of those facts (reading each envelope's JSON in SQL, about a third of the relay's work per event) is
-- needed only for rows written any other way (before this migration, or by hand), which keep bus_ready = 0.
ALTER TABLE _dazzle_event_outbox ADD COLUMN bus_ready INTEGER NOT NULL DEFAULT 0;
