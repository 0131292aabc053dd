-- name: get-user
SELECT id, email FROM users WHERE email = $1
