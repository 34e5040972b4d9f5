// Diesel table definitions for migrations/. Kept by hand (diesel_cli is not part of
// the toolchain); the test `schema_matches_database` compares it with the migrated database.
// The generated `requests.search` tsvector and `requests.tab` are left out: the list uses
// SQL fragments for them.

diesel::table! {
    municipalities (id) {
        id -> Int8,
        slug -> Text,
        name -> Text,
        active -> Bool,
        allow_anonymous -> Bool,
        reminder_lead_days -> Int4,
        number_padding -> Int4,
        timezone -> Text,
        business_days -> Array<Int4>,
        opens_at -> Time,
        closes_at -> Time,
        sender_name -> Text,
        sender_email -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        closure_requires_code -> Bool,
        closure_requires_planned -> Bool,
        closure_requires_performed -> Bool,
        duplicate_radius_m -> Int4,
        retention_months -> Nullable<Int4>,
        second_factor -> Text,
        phone -> Text,
        urgent_delay_days -> Nullable<Int4>,
        hold_limit_days -> Int4,
        weekday_hours -> Jsonb,
    }
}

diesel::table! {
    second_factors (user_id) {
        user_id -> Int8,
        sealed -> Bytea,
        confirmed_at -> Nullable<Timestamptz>,
        last_step -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    security_events (id) {
        id -> Int8,
        municipality_id -> Nullable<Int8>,
        actor_id -> Int8,
        subject_id -> Int8,
        what -> Text,
        at -> Timestamptz,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> Int8,
        user_id -> Int8,
        digest -> Text,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    address_streets (id) {
        id -> Int8,
        municipality_id -> Int8,
        name -> Text,
        search_key -> Text,
        latitude -> Float8,
        longitude -> Float8,
    }
}

diesel::table! {
    addresses (id) {
        id -> Int8,
        municipality_id -> Int8,
        street_id -> Int8,
        civic_number -> Text,
        civic_key -> Text,
        postal_code -> Nullable<Text>,
        latitude -> Float8,
        longitude -> Float8,
        cell -> Int8,
    }
}

diesel::table! {
    address_registers (municipality_id) {
        municipality_id -> Int8,
        outline -> Jsonb,
        addresses -> Int8,
        streets -> Int8,
        imported_at -> Timestamptz,
    }
}

diesel::table! {
    holidays (municipality_id, day) {
        municipality_id -> Int8,
        day -> Date,
        name -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Int8,
        email -> Text,
        password_hash -> Text,
        first_name -> Text,
        last_name -> Text,
        phone -> Nullable<Text>,
        language -> Text,
        kind -> Text,
        platform_admin -> Bool,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        email_confirmed_at -> Nullable<Timestamptz>,
        password_changed_at -> Timestamptz,
    }
}

diesel::table! {
    departments (id) {
        id -> Int8,
        municipality_id -> Int8,
        code -> Text,
        name_fr -> Text,
        name_en -> Text,
        responsible_user_id -> Nullable<Int8>,
        notification_email -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamptz,
        email_pending -> Nullable<Text>,
        email_token -> Nullable<Text>,
        email_token_expires -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    user_grants (user_id, municipality_id, role) {
        user_id -> Int8,
        municipality_id -> Int8,
        role -> Text,
        department_id -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Int8,
        user_id -> Int8,
        family -> Text,
        token_hash -> Bytea,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        session_expires_at -> Timestamptz,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> Int8,
        user_id -> Int8,
        purpose -> Text,
        token_hash -> Bytea,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    job_runs (job) {
        job -> Text,
        last_success -> Timestamptz,
    }
}

diesel::table! {
    rate_limits (bucket, key) {
        bucket -> Text,
        key -> Text,
        window_start -> Timestamptz,
        hits -> Int4,
    }
}

diesel::table! {
    taxonomy_nodes (id) {
        id -> Int8,
        municipality_id -> Int8,
        parent_id -> Nullable<Int8>,
        level -> Text,
        name_fr -> Text,
        name_en -> Text,
        kind -> Nullable<Text>,
        department_id -> Nullable<Int8>,
        default_priority -> Nullable<Text>,
        delay_days -> Nullable<Int4>,
        public_allowed -> Nullable<Bool>,
        active -> Bool,
        position -> Int4,
        created_at -> Timestamptz,
        delay_unit -> Nullable<Text>,
        after_hours_department_id -> Nullable<Int8>,
        first_answer_next_day -> Nullable<Bool>,
    }
}

diesel::table! {
    questions (id) {
        id -> Int8,
        municipality_id -> Int8,
        node_id -> Int8,
        qtype -> Text,
        label_fr -> Text,
        label_en -> Text,
        help_fr -> Text,
        help_en -> Text,
        required -> Bool,
        position -> Int4,
        active -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    question_options (id) {
        id -> Int8,
        question_id -> Int8,
        code -> Text,
        label_fr -> Text,
        label_en -> Text,
        position -> Int4,
        active -> Bool,
    }
}

diesel::table! {
    request_counters (municipality_id, year) {
        municipality_id -> Int8,
        year -> Int4,
        last_value -> Int4,
    }
}

diesel::table! {
    requests (id) {
        id -> Int8,
        municipality_id -> Int8,
        number -> Text,
        year -> Int4,
        seq -> Int4,
        kind -> Text,
        node_id -> Int8,
        category_id -> Int8,
        department_id -> Nullable<Int8>,
        priority -> Text,
        priority_rank -> Int2,
        status -> Text,
        is_public -> Bool,
        channel -> Text,
        requester_mode -> Text,
        wants_followups -> Bool,
        language -> Text,
        description -> Text,
        address -> Nullable<Text>,
        latitude -> Nullable<Float8>,
        longitude -> Nullable<Float8>,
        date_of_facts -> Nullable<Date>,
        attested -> Bool,
        safety_concern -> Bool,
        due_date -> Nullable<Date>,
        deadline_extended -> Bool,
        created_by -> Nullable<Int8>,
        citizen_user_id -> Nullable<Int8>,
        requester_answered -> Bool,
        first_contact -> Bool,
        photo_count -> Int4,
        file_count -> Int4,
        resolution -> Nullable<Text>,
        intervention_code -> Nullable<Text>,
        planned_date -> Nullable<Date>,
        performed_date -> Nullable<Date>,
        closure_note -> Nullable<Text>,
        closure_message -> Nullable<Text>,
        legal_provision -> Nullable<Text>,
        closed_at -> Nullable<Timestamptz>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        assignee_user_id -> Nullable<Int8>,
        unusual_reason -> Nullable<Text>,
        public_description -> Nullable<Text>,
        also_reports -> Nullable<Int8>,
        due_basis -> Nullable<Jsonb>,
        waiting_since -> Nullable<Date>,
        waiting_reason -> Nullable<Text>,
        after_hours -> Bool,
        first_answer_due -> Nullable<Date>,
        first_answered_at -> Nullable<Timestamptz>,
        api_key_id -> Nullable<Int8>,
    }
}

diesel::table! {
    requester_contacts (request_id) {
        request_id -> Int8,
        first_name -> Text,
        last_name -> Text,
        phone1 -> Nullable<Text>,
        phone2 -> Nullable<Text>,
        email -> Nullable<Text>,
        postal_address -> Nullable<Text>,
        anonymized_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    answers (id) {
        id -> Int8,
        request_id -> Int8,
        question_id -> Int8,
        qtype -> Text,
        question_label_fr -> Text,
        question_label_en -> Text,
        value -> Jsonb,
    }
}

diesel::table! {
    followups (id) {
        id -> Int8,
        request_id -> Int8,
        municipality_id -> Int8,
        kind -> Text,
        body -> Text,
        author_user_id -> Nullable<Int8>,
        created_at -> Timestamptz,
        source_message_id -> Nullable<Text>,
    }
}

diesel::table! {
    closures (id) {
        id -> Int8,
        municipality_id -> Int8,
        request_id -> Int8,
        refused -> Bool,
        resolution -> Nullable<Text>,
        intervention_code -> Nullable<Text>,
        planned_date -> Nullable<Date>,
        performed_date -> Nullable<Date>,
        internal_note -> Nullable<Text>,
        message -> Nullable<Text>,
        legal_provision -> Nullable<Text>,
        closed_by -> Nullable<Int8>,
        closed_at -> Timestamptz,
    }
}

diesel::table! {
    history (id) {
        id -> Int8,
        request_id -> Int8,
        municipality_id -> Int8,
        actor_user_id -> Nullable<Int8>,
        at -> Timestamptz,
        field -> Text,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    favorites (user_id, request_id) {
        user_id -> Int8,
        request_id -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    saved_filters (user_id) {
        user_id -> Int8,
        filter -> Jsonb,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    attachments (id) {
        id -> Int8,
        request_id -> Int8,
        municipality_id -> Int8,
        followup_id -> Nullable<Int8>,
        kind -> Text,
        filename -> Text,
        content_type -> Text,
        size_bytes -> Int8,
        sha256 -> Bytea,
        storage_key -> Text,
        thumbnail_key -> Nullable<Text>,
        sent_to_requester -> Bool,
        uploaded_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        by_requester -> Bool,
        original_removed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    complaint_details (request_id) {
        request_id -> Int8,
        employee_concerned -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Int8,
        municipality_id -> Nullable<Int8>,
        request_id -> Nullable<Int8>,
        kind -> Text,
        recipient -> Text,
        language -> Text,
        payload -> Jsonb,
        dedup_key -> Nullable<Text>,
        status -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        last_error -> Nullable<Text>,
        message_id -> Text,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    request_followers (id) {
        id -> Int8,
        request_id -> Int8,
        user_id -> Nullable<Int8>,
        email -> Nullable<Text>,
        created_at -> Timestamptz,
        confirmed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    request_tab_counts (municipality_id, tab, department_id) {
        municipality_id -> Int8,
        tab -> Int2,
        n -> Int8,
        department_id -> Int8,
    }
}

diesel::table! {
    kb_articles (id) {
        id -> Int8,
        municipality_id -> Int8,
        title_fr -> Text,
        title_en -> Text,
        body_fr -> Text,
        body_en -> Text,
        keywords -> Array<Text>,
        department_id -> Nullable<Int8>,
        audience -> Text,
        verify_by -> Nullable<Date>,
        archived -> Bool,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    kb_article_nodes (article_id, node_id) {
        municipality_id -> Int8,
        article_id -> Int8,
        node_id -> Int8,
    }
}

diesel::table! {
    kb_revisions (article_id, version) {
        article_id -> Int8,
        version -> Int4,
        saved_by -> Nullable<Int8>,
        saved_at -> Timestamptz,
        content -> Jsonb,
    }
}

diesel::table! {
    kb_words (municipality_id, word) {
        municipality_id -> Int8,
        word -> Text,
    }
}

diesel::table! {
    kb_documents (id) {
        id -> Int8,
        municipality_id -> Int8,
        article_id -> Int8,
        filename -> Text,
        content_type -> Text,
        size_bytes -> Int8,
        storage_key -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    interactions (id) {
        id -> Int8,
        municipality_id -> Int8,
        channel -> Text,
        node_id -> Nullable<Int8>,
        note -> Text,
        contact_name -> Nullable<Text>,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        outcome -> Text,
        referred_department_id -> Nullable<Int8>,
        referred_to -> Nullable<Text>,
        request_id -> Nullable<Int8>,
        occurred_at -> Timestamptz,
        callback_due_at -> Nullable<Timestamptz>,
        callback_done_at -> Nullable<Timestamptz>,
        callback_done_by -> Nullable<Int8>,
        created_by -> Int8,
        created_at -> Timestamptz,
        anonymized_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    interaction_articles (interaction_id, article_id) {
        municipality_id -> Int8,
        interaction_id -> Int8,
        article_id -> Int8,
    }
}

diesel::table! {
    kb_sends (id) {
        id -> Int8,
        municipality_id -> Int8,
        article_id -> Int8,
        interaction_id -> Nullable<Int8>,
        sent_by -> Int8,
        sent_at -> Timestamptz,
    }
}

diesel::table! {
    kb_self_service (id) {
        id -> Int8,
        municipality_id -> Int8,
        article_id -> Int8,
        node_id -> Nullable<Int8>,
        at -> Timestamptz,
    }
}

diesel::table! {
    report_summaries (municipality_id, period_from, period_to) {
        municipality_id -> Int8,
        period_from -> Date,
        period_to -> Date,
        body -> Text,
        updated_by -> Nullable<Int8>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    satisfaction (request_id) {
        request_id -> Int8,
        municipality_id -> Int8,
        score -> Int4,
        comment -> Text,
        answered_at -> Timestamptz,
    }
}

diesel::table! {
    access_journal (id) {
        id -> Int8,
        municipality_id -> Int8,
        user_id -> Int8,
        request_id -> Nullable<Int8>,
        interaction_id -> Nullable<Int8>,
        what -> Text,
        at -> Timestamptz,
    }
}

diesel::table! {
    anonymizations (id) {
        id -> Int8,
        municipality_id -> Int8,
        by_user_id -> Nullable<Int8>,
        at -> Timestamptz,
        reason -> Text,
        requests -> Int4,
        calls -> Int4,
        texts -> Int4,
        files -> Int4,
        followers -> Int4,
        emails -> Int4,
        account_closed -> Bool,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Int8,
        municipality_id -> Int8,
        name -> Text,
        prefix -> Text,
        key_hash -> Bytea,
        rate_per_hour -> Int4,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        last_used_at -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(departments -> municipalities (municipality_id));
diesel::joinable!(user_grants -> users (user_id));
diesel::joinable!(user_grants -> municipalities (municipality_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(second_factors -> users (user_id));
diesel::joinable!(recovery_codes -> users (user_id));
diesel::joinable!(account_tokens -> users (user_id));
diesel::joinable!(question_options -> questions (question_id));
diesel::joinable!(requester_contacts -> requests (request_id));
diesel::joinable!(answers -> requests (request_id));
diesel::joinable!(followups -> requests (request_id));
diesel::joinable!(history -> requests (request_id));
diesel::joinable!(complaint_details -> requests (request_id));
diesel::joinable!(kb_article_nodes -> kb_articles (article_id));
diesel::joinable!(kb_documents -> kb_articles (article_id));
diesel::joinable!(interactions -> users (created_by));
diesel::joinable!(interaction_articles -> interactions (interaction_id));

diesel::joinable!(access_journal -> users (user_id));
diesel::joinable!(anonymizations -> municipalities (municipality_id));

diesel::allow_tables_to_appear_in_same_query! {
    access_journal, api_keys, anonymizations, address_registers, address_streets, addresses,
    municipalities, holidays, users, departments, user_grants, refresh_tokens, account_tokens,
    second_factors, recovery_codes, security_events, rate_limits, job_runs, taxonomy_nodes,
    questions, question_options, request_counters, requests, requester_contacts, complaint_details,
    answers, followups, history, closures, favorites, saved_filters, attachments, outbox,
    kb_articles, kb_article_nodes, kb_revisions, kb_words, kb_documents, interactions,
    interaction_articles, kb_sends, kb_self_service, report_summaries, satisfaction,
}
