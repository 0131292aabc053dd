-- name: mark-delivery
INSERT INTO webhook_deliveries (delivery_id)
VALUES ($1) ON CONFLICT DO NOTHING

-- name: plain-insert
INSERT INTO audit_log (delivery_id) VALUES ($1)
