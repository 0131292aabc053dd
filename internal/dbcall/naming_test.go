package dbcall

import "testing"

// The expectations were produced by gorm v1.31.2's schema.NamingStrategy{}.TableName.
func TestGormTableName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"User", "users"},
		{"PaymentIntent", "payment_intents"},
		{"Order", "orders"},
		{"OrderItem", "order_items"},
		{"Category", "categories"},
		{"Person", "people"},
		{"Status", "statuses"},
		{"Address", "addresses"},
		{"Box", "boxes"},
		{"Match", "matches"},
		{"Wolf", "wolves"},
		{"Knife", "knives"},
		{"Analysis", "analyses"},
		{"Datum", "data"},
		{"Money", "money"},
		{"Equipment", "equipment"},
		{"UserID", "user_ids"},
		{"APIKey", "api_keys"},
		{"HTTPRequest", "http_requests"},
		{"WebhookURL", "webhook_urls"},
		{"IdempotencyKey", "idempotency_keys"},
		{"ProcessedEvent", "processed_events"},
		{"OAuth2Token", "o_auth2_tokens"},
		{"Outbox", "outboxes"},
		{"Inventory", "inventories"},
		{"Key", "keys"},
		{"Day", "days"},
		{"Woman", "women"},
		{"Human", "humen"}, // GORM really does this (inflection's suffix irregular "man")
		{"X", "xes"},
		{"HTTPSProxy", "http_s_proxies"},
		{"UTF8Name", "utf8_names"},
		{"IDs", "ids"},
		{"A1B2", "a1_b2"},
	} {
		if got := GormTableName(tc.in); got != tc.want {
			t.Errorf("GormTableName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
