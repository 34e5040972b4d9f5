-- The whole data model. Enumerations are stored as text with CHECK constraints
-- whose values are the domain crate's wire strings (civis_domain::*::as_str).

CREATE EXTENSION IF NOT EXISTS unaccent;

-- Accent-insensitive French search: the french configuration with unaccent
-- applied before stemming, so "deneigement" finds "déneigement".
CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
ALTER TEXT SEARCH CONFIGURATION fr_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

CREATE TABLE municipalities (
    id                          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                        TEXT NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name                        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    active                      BOOLEAN NOT NULL DEFAULT TRUE,
    allow_anonymous             BOOLEAN NOT NULL DEFAULT TRUE,
    require_answer_before_close BOOLEAN NOT NULL DEFAULT FALSE,
    reminder_lead_days          INTEGER NOT NULL DEFAULT 2 CHECK (reminder_lead_days BETWEEN 0 AND 60),
    number_padding              INTEGER NOT NULL DEFAULT 5 CHECK (number_padding BETWEEN 3 AND 9),
    timezone                    TEXT NOT NULL DEFAULT 'America/Toronto',
    business_days               INTEGER[] NOT NULL DEFAULT '{1,2,3,4,5}',
    opens_at                    TIME NOT NULL DEFAULT '08:30',
    closes_at                   TIME NOT NULL DEFAULT '16:30',
    sender_name                 TEXT NOT NULL DEFAULT '',
    sender_email                TEXT NOT NULL DEFAULT '',
    created_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE holidays (
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
    day             DATE NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (municipality_id, day)
);

CREATE TABLE users (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    first_name      TEXT NOT NULL DEFAULT '',
    last_name       TEXT NOT NULL DEFAULT '',
    phone           TEXT,
    language        TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    kind            TEXT NOT NULL CHECK (kind IN ('staff', 'citizen')),
    platform_admin  BOOLEAN NOT NULL DEFAULT FALSE,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (kind = 'staff' OR NOT platform_admin)
);
-- A staff account and a citizen account may share an address (a clerk is also a citizen).
CREATE UNIQUE INDEX users_email_kind ON users (lower(email), kind);

CREATE TABLE departments (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id     BIGINT NOT NULL REFERENCES municipalities(id),
    code                TEXT NOT NULL CHECK (code ~ '^[a-z0-9_-]{1,40}$'),
    name_fr             TEXT NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 200),
    name_en             TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    responsible_user_id BIGINT REFERENCES users(id),
    notification_email  TEXT,
    active              BOOLEAN NOT NULL DEFAULT TRUE,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (municipality_id, code),
    UNIQUE (municipality_id, id)
);

CREATE TABLE user_grants (
    user_id         BIGINT NOT NULL REFERENCES users(id),
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
    role            TEXT NOT NULL CHECK (role IN ('operator_agent', 'clerk', 'department_responsible',
                                                   'director', 'elected_official', 'town_admin')),
    department_id   BIGINT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, municipality_id, role),
    FOREIGN KEY (municipality_id, department_id) REFERENCES departments (municipality_id, id)
);
CREATE INDEX user_grants_town ON user_grants (municipality_id);

CREATE TABLE refresh_tokens (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    family      TEXT NOT NULL,
    token_hash  BYTEA NOT NULL UNIQUE,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);

CREATE TABLE taxonomy_nodes (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  BIGINT NOT NULL REFERENCES municipalities(id),
    parent_id        BIGINT,
    level            TEXT NOT NULL CHECK (level IN ('category', 'event', 'sub_event')),
    name_fr          TEXT NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 200),
    name_en          TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    kind             TEXT CHECK (kind IN ('request', 'complaint', 'permit', 'comment', 'information',
                                          'claim', 'access_to_information')),
    department_id    BIGINT,
    default_priority TEXT CHECK (default_priority IN ('urgent', 'very_important', 'important', 'minor')),
    delay_days       INTEGER CHECK (delay_days BETWEEN 0 AND 3650),
    public_allowed   BOOLEAN,
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    position         INTEGER NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (municipality_id, id),
    FOREIGN KEY (municipality_id, parent_id) REFERENCES taxonomy_nodes (municipality_id, id),
    FOREIGN KEY (municipality_id, department_id) REFERENCES departments (municipality_id, id)
);
CREATE INDEX taxonomy_nodes_town ON taxonomy_nodes (municipality_id, parent_id, position);

CREATE TABLE questions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id BIGINT NOT NULL,
    node_id         BIGINT NOT NULL,
    qtype           TEXT NOT NULL CHECK (qtype IN ('text', 'yes_no', 'single_choice', 'multiple_choice',
                                                    'number', 'date')),
    label_fr        TEXT NOT NULL CHECK (length(label_fr) BETWEEN 1 AND 500),
    label_en        TEXT NOT NULL CHECK (length(label_en) BETWEEN 1 AND 500),
    help_fr         TEXT NOT NULL DEFAULT '',
    help_en         TEXT NOT NULL DEFAULT '',
    required        BOOLEAN NOT NULL DEFAULT FALSE,
    position        INTEGER NOT NULL DEFAULT 0,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (municipality_id, id),
    FOREIGN KEY (municipality_id, node_id) REFERENCES taxonomy_nodes (municipality_id, id)
);
CREATE INDEX questions_node ON questions (node_id, position);

CREATE TABLE question_options (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id BIGINT NOT NULL REFERENCES questions(id),
    code        TEXT NOT NULL CHECK (code ~ '^[a-z0-9_-]{1,40}$'),
    label_fr    TEXT NOT NULL CHECK (length(label_fr) BETWEEN 1 AND 200),
    label_en    TEXT NOT NULL CHECK (length(label_en) BETWEEN 1 AND 200),
    position    INTEGER NOT NULL DEFAULT 0,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (question_id, code)
);

-- Gapless numbering: one row per town and year, incremented under its row lock
-- inside the transaction that inserts the request (a rollback gives the number back).
CREATE TABLE request_counters (
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
    year            INTEGER NOT NULL,
    last_value      INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, year)
);

CREATE TABLE requests (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id      BIGINT NOT NULL REFERENCES municipalities(id),
    number               TEXT NOT NULL,
    year                 INTEGER NOT NULL,
    seq                  INTEGER NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('request', 'complaint', 'permit', 'comment',
                                                      'information', 'claim', 'access_to_information')),
    node_id              BIGINT NOT NULL,
    category_id          BIGINT NOT NULL,
    department_id        BIGINT,
    priority             TEXT NOT NULL CHECK (priority IN ('urgent', 'very_important', 'important', 'minor')),
    -- 1 = urgent … 4 = minor: sorts by urgency with a plain btree.
    priority_rank        SMALLINT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('not_transferred', 'transferred', 'in_progress',
                                                        'closed_processed', 'closed_refused')),
    is_public            BOOLEAN NOT NULL DEFAULT FALSE,
    channel              TEXT NOT NULL CHECK (channel IN ('web', 'phone', 'counter', 'email', 'mobile_app',
                                                         'mail', 'social_media')),
    requester_mode       TEXT NOT NULL CHECK (requester_mode IN ('identified', 'anonymous', 'internal')),
    wants_followups      BOOLEAN NOT NULL DEFAULT FALSE,
    language             TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    description          TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 10000),
    address              TEXT,
    latitude             DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    longitude            DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
    date_of_facts        DATE,
    attested             BOOLEAN NOT NULL DEFAULT FALSE,
    safety_concern       BOOLEAN NOT NULL DEFAULT FALSE,
    due_date             DATE,
    deadline_extended    BOOLEAN NOT NULL DEFAULT FALSE,
    created_by           BIGINT REFERENCES users(id),
    citizen_user_id      BIGINT REFERENCES users(id),
    requester_answered   BOOLEAN NOT NULL DEFAULT FALSE,
    first_contact        BOOLEAN NOT NULL DEFAULT FALSE,
    photo_count          INTEGER NOT NULL DEFAULT 0,
    file_count           INTEGER NOT NULL DEFAULT 0,
    -- closure record
    resolution           TEXT,
    intervention_code    TEXT,
    planned_date         DATE,
    performed_date       DATE,
    closure_note         TEXT,
    closure_message      TEXT,
    legal_provision      TEXT,
    closed_at            TIMESTAMPTZ,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    search               TSVECTOR GENERATED ALWAYS AS (
        to_tsvector('public.fr_unaccent'::regconfig,
                    number || ' ' || description || ' ' || coalesce(address, ''))
    ) STORED,
    UNIQUE (municipality_id, number),
    UNIQUE (municipality_id, id),
    FOREIGN KEY (municipality_id, node_id) REFERENCES taxonomy_nodes (municipality_id, id),
    FOREIGN KEY (municipality_id, category_id) REFERENCES taxonomy_nodes (municipality_id, id),
    FOREIGN KEY (municipality_id, department_id) REFERENCES departments (municipality_id, id),
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
-- Rare words need a detailed histogram or the planner scans the whole index.
ALTER TABLE requests ALTER COLUMN search SET STATISTICS 1000;

-- Keyset pagination of the dashboard: one index per sort, led by town and status
-- (the tabs are sets of statuses), ending with id as the tie-breaker.
CREATE INDEX requests_by_created  ON requests (municipality_id, status, created_at DESC, id DESC);
CREATE INDEX requests_by_due      ON requests (municipality_id, status, due_date, id);
CREATE INDEX requests_by_priority ON requests (municipality_id, status, priority_rank, created_at DESC, id DESC);
CREATE INDEX requests_by_dept     ON requests (municipality_id, status, department_id, created_at DESC, id DESC);
CREATE INDEX requests_search      ON requests USING GIN (search);
CREATE INDEX requests_citizen     ON requests (citizen_user_id, created_at DESC) WHERE citizen_user_id IS NOT NULL;
-- Public map and duplicate check: open public requests with a location.
CREATE INDEX requests_public_geo  ON requests (municipality_id, category_id, latitude, longitude)
    WHERE is_public AND latitude IS NOT NULL AND status IN ('transferred', 'in_progress');

-- Requests are kept for good (Loi 25 asks to anonymize contact details instead).
CREATE FUNCTION forbid_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are never deleted', TG_TABLE_NAME;
END $$;
CREATE TRIGGER requests_never_deleted BEFORE DELETE ON requests
    FOR EACH ROW EXECUTE FUNCTION forbid_delete();

-- Contact details live apart so they can be hidden, exported or anonymized.
CREATE TABLE requester_contacts (
    request_id    BIGINT PRIMARY KEY REFERENCES requests(id),
    first_name    TEXT NOT NULL DEFAULT '',
    last_name     TEXT NOT NULL DEFAULT '',
    phone1        TEXT,
    phone2        TEXT,
    email         TEXT,
    postal_address TEXT,
    anonymized_at TIMESTAMPTZ
);
CREATE INDEX requester_contacts_email ON requester_contacts (lower(email));

CREATE TABLE answers (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id        BIGINT NOT NULL REFERENCES requests(id),
    question_id       BIGINT NOT NULL REFERENCES questions(id),
    qtype             TEXT NOT NULL,
    question_label_fr TEXT NOT NULL,
    question_label_en TEXT NOT NULL,
    value             JSONB NOT NULL,
    UNIQUE (request_id, question_id)
);

CREATE TABLE followups (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id         BIGINT NOT NULL REFERENCES requests(id),
    municipality_id    BIGINT NOT NULL REFERENCES municipalities(id),
    kind               TEXT NOT NULL CHECK (kind IN ('internal', 'external', 'incoming')),
    body               TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    author_user_id     BIGINT REFERENCES users(id),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX followups_request ON followups (request_id, created_at);

CREATE TABLE history (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id      BIGINT NOT NULL REFERENCES requests(id),
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
    actor_user_id   BIGINT REFERENCES users(id),
    at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    field           TEXT NOT NULL,
    old_value       TEXT,
    new_value       TEXT,
    reason          TEXT
);
CREATE INDEX history_request ON history (request_id, field, at);

CREATE TABLE favorites (
    user_id    BIGINT NOT NULL REFERENCES users(id),
    request_id BIGINT NOT NULL REFERENCES requests(id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, request_id)
);

CREATE TABLE saved_filters (
    user_id    BIGINT PRIMARY KEY REFERENCES users(id),
    filter     JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE attachments (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id        BIGINT NOT NULL REFERENCES requests(id),
    municipality_id   BIGINT NOT NULL REFERENCES municipalities(id),
    followup_id       BIGINT REFERENCES followups(id),
    kind              TEXT NOT NULL CHECK (kind IN ('photo', 'file')),
    filename          TEXT NOT NULL,
    content_type      TEXT NOT NULL,
    size_bytes        BIGINT NOT NULL CHECK (size_bytes BETWEEN 0 AND 10485760),
    sha256            BYTEA NOT NULL,
    storage_key       TEXT NOT NULL,
    thumbnail_key     TEXT,
    sent_to_requester BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded_by       BIGINT REFERENCES users(id),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX attachments_request ON attachments (request_id);

-- Side effects (email, webhooks) written in the transaction that causes them.
CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id BIGINT REFERENCES municipalities(id),
    request_id      BIGINT REFERENCES requests(id),
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT 'fr',
    payload         JSONB NOT NULL,
    dedup_key       TEXT UNIQUE,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    message_id      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
