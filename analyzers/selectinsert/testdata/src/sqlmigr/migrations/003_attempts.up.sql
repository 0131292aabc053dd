-- Each attempt is numbered per shipment; the pair is unique.
CREATE TABLE delivery_attempts (
    id          BIGSERIAL PRIMARY KEY,
    shipment_id BIGINT NOT NULL,
    attempt_no  INT    NOT NULL,
    outcome     TEXT   NOT NULL,
    UNIQUE (shipment_id, attempt_no)
);

-- Bookings of a slot: no key but the id.
CREATE TABLE slot_bookings (
    id      BIGSERIAL PRIMARY KEY,
    slot_id BIGINT NOT NULL,
    seq     INT    NOT NULL
);
