//! The webhook tables (issue 33), apart from `schema.rs` so that it stays readable; the
//! schema test reads both files against the migrations.

diesel::table! {
    webhook_endpoints (id) {
        id -> Int8,
        municipality_id -> Int8,
        url -> Text,
        description -> Text,
        events -> Array<Text>,
        secret_sealed -> Bytea,
        active -> Bool,
        disabled_reason -> Nullable<Text>,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Int8,
        endpoint_id -> Int8,
        municipality_id -> Int8,
        request_id -> Int8,
        event -> Text,
        message_id -> Text,
        payload -> Jsonb,
        status -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        last_attempt_at -> Nullable<Timestamptz>,
        last_status -> Nullable<Int4>,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        delivered_at -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::allow_tables_to_appear_in_same_query!(webhook_endpoints, webhook_deliveries);
