-- Adds 100,000 messages to each room of the moim_bench database (run-pg.sh's), for issue 7's point 3:
--   psql -h 127.0.0.1 -U postgres -d moim_bench -f docs/bench/make-history-pg.sql
-- No ANALYZE afterwards on purpose: Moim's queries must use their indexes whatever the statistics say.
CREATE TEMP TABLE room_sender AS SELECT room_id, MIN(user_id) AS user_id FROM room_members GROUP BY room_id;
INSERT INTO messages (id, room_id, seq, sender_id, client_msg_id, type, content, created_at)
SELECT gen_random_uuid(), r.id, r.last_seq + s, rs.user_id, 'hist-' || r.id || '-' || s, 'TEXT', 'history message ' || s, now()
FROM rooms r JOIN room_sender rs ON rs.room_id = r.id CROSS JOIN generate_series(1, 100000) s;
UPDATE rooms r SET last_seq = last_seq + 100000, last_activity_at = now() WHERE EXISTS (SELECT 1 FROM room_sender rs WHERE rs.room_id = r.id);
SELECT count(*) AS messages FROM messages;
