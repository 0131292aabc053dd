-- name: user-by-email
SELECT id FROM users
WHERE email = $1
