-- name: create-user
INSERT INTO users (email) VALUES (?)
-- name: find-user
SELECT id FROM users WHERE email = ?
