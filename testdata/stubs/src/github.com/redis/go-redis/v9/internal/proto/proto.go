// Package proto is a stub of github.com/redis/go-redis/v9/internal/proto, the
// home of the Nil error that redis.Nil re-exports.
package proto

// RedisError is an error reply from Redis.
type RedisError string

func (e RedisError) Error() string { return string(e) }

// Nil reply returned by Redis when key does not exist.
const Nil = RedisError("redis: nil") // nolint:errname
