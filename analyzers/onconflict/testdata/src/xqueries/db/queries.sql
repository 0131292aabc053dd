-- name: referral_insert
INSERT INTO referrals (referrer_id, referred_id, code)
VALUES ($1, $2, $3)
ON CONFLICT (referred_id) DO NOTHING

-- name: wallet_credit
UPDATE wallets SET balance = balance + $2 WHERE driver_id = $1
