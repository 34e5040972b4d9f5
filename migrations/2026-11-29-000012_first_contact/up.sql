-- First contact: the knowledge base agents answer from, the interactions they log, and the
-- questions citizens say were answered without a request.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- English with accents folded, for the English half of articles.
CREATE TEXT SEARCH CONFIGURATION en_unaccent (COPY = english);
ALTER TEXT SEARCH CONFIGURATION en_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

-- Keywords as one text (array_to_string is only stable; for text[] it cannot change).
CREATE FUNCTION kb_keywords_text(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_to_string($1, ' ') $$;

CREATE TABLE kb_articles (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  BIGINT NOT NULL REFERENCES municipalities(id),
    title_fr         TEXT NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 200),
    title_en         TEXT NOT NULL DEFAULT '' CHECK (length(title_en) <= 200),
    body_fr          TEXT NOT NULL CHECK (length(body_fr) BETWEEN 1 AND 20000),
    body_en          TEXT NOT NULL DEFAULT '' CHECK (length(body_en) <= 20000),
    keywords         TEXT[] NOT NULL DEFAULT '{}',
    department_id    BIGINT,
    audience         TEXT NOT NULL CHECK (audience IN ('public', 'internal')),
    verify_by        DATE,
    archived         BOOLEAN NOT NULL DEFAULT FALSE,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Titles alone (matches there rank first), then titles, keywords and bodies, in both languages.
    title_search     tsvector GENERATED ALWAYS AS (
        to_tsvector('public.fr_unaccent', title_fr) || to_tsvector('public.en_unaccent', title_en)) STORED,
    search           tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('public.fr_unaccent', title_fr), 'A')
        || setweight(to_tsvector('public.en_unaccent', title_en), 'A')
        || setweight(to_tsvector('public.fr_unaccent', public.kb_keywords_text(keywords)), 'B')
        || setweight(to_tsvector('public.en_unaccent', public.kb_keywords_text(keywords)), 'B')
        || setweight(to_tsvector('public.fr_unaccent', body_fr), 'C')
        || setweight(to_tsvector('public.en_unaccent', body_en), 'C')) STORED,
    UNIQUE (municipality_id, id),
    FOREIGN KEY (municipality_id, department_id) REFERENCES departments (municipality_id, id)
);
CREATE INDEX kb_articles_search ON kb_articles USING gin (search);
CREATE INDEX kb_articles_by_town ON kb_articles (municipality_id, archived, updated_at DESC);

-- The categories an article answers for.
CREATE TABLE kb_article_nodes (
    municipality_id  BIGINT NOT NULL,
    article_id       BIGINT NOT NULL,
    node_id          BIGINT NOT NULL,
    PRIMARY KEY (article_id, node_id),
    FOREIGN KEY (municipality_id, article_id) REFERENCES kb_articles (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, node_id) REFERENCES taxonomy_nodes (municipality_id, id)
);
CREATE INDEX kb_article_nodes_by_node ON kb_article_nodes (node_id);

-- Every saved version, as it was saved (the article's input, JSON of the wire type).
CREATE TABLE kb_revisions (
    article_id  BIGINT NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    saved_by    BIGINT REFERENCES users(id),
    saved_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    content     JSONB NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- The words of a town's articles (accents and case folded), for typo-tolerant search: a query
-- word that matches nothing is replaced by the nearest words here.
CREATE TABLE kb_words (
    municipality_id  BIGINT NOT NULL REFERENCES municipalities(id),
    word             TEXT NOT NULL,
    PRIMARY KEY (municipality_id, word)
);
CREATE INDEX kb_words_trgm ON kb_words USING gin (word gin_trgm_ops);

-- Forms and leaflets attached to an article (stored like request files).
CREATE TABLE kb_documents (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  BIGINT NOT NULL,
    article_id       BIGINT NOT NULL,
    filename         TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type     TEXT NOT NULL,
    size_bytes       BIGINT NOT NULL,
    storage_key      TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, article_id) REFERENCES kb_articles (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX kb_documents_by_article ON kb_documents (article_id);

-- Each contact with a citizen (a call, a visit, an email…), answered or not.
CREATE TABLE interactions (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id   BIGINT NOT NULL REFERENCES municipalities(id),
    channel           TEXT NOT NULL CHECK (channel IN ('phone', 'counter', 'email', 'voicemail', 'social_media', 'mail', 'web')),
    node_id           BIGINT,
    note              TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    contact_name      TEXT CHECK (length(contact_name) <= 200),
    contact_email     TEXT CHECK (length(contact_email) <= 254),
    contact_phone     TEXT CHECK (length(contact_phone) <= 40),
    outcome           TEXT NOT NULL CHECK (outcome IN ('answered', 'referred', 'request', 'callback')),
    referred_department_id BIGINT,
    referred_to       TEXT CHECK (length(referred_to) <= 200),
    request_id        BIGINT,
    occurred_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    callback_due_at   TIMESTAMPTZ,
    callback_done_at  TIMESTAMPTZ,
    callback_done_by  BIGINT REFERENCES users(id),
    created_by        BIGINT NOT NULL REFERENCES users(id),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (municipality_id, id),
    FOREIGN KEY (municipality_id, node_id) REFERENCES taxonomy_nodes (municipality_id, id),
    FOREIGN KEY (municipality_id, referred_department_id) REFERENCES departments (municipality_id, id),
    FOREIGN KEY (municipality_id, request_id) REFERENCES requests (municipality_id, id),
    CHECK ((outcome = 'callback') = (callback_due_at IS NOT NULL))
);
CREATE INDEX interactions_by_time ON interactions (municipality_id, occurred_at DESC);
CREATE INDEX interactions_callbacks ON interactions (municipality_id, callback_due_at)
    WHERE callback_due_at IS NOT NULL AND callback_done_at IS NULL;

-- The articles an agent answered from.
CREATE TABLE interaction_articles (
    municipality_id  BIGINT NOT NULL,
    interaction_id   BIGINT NOT NULL,
    article_id       BIGINT NOT NULL,
    PRIMARY KEY (interaction_id, article_id),
    FOREIGN KEY (municipality_id, interaction_id) REFERENCES interactions (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, article_id) REFERENCES kb_articles (municipality_id, id)
);

-- Documents sent to a citizen from an article (the address itself goes only to the outbox).
CREATE TABLE kb_sends (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  BIGINT NOT NULL,
    article_id       BIGINT NOT NULL,
    interaction_id   BIGINT,
    sent_by          BIGINT NOT NULL REFERENCES users(id),
    sent_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, article_id) REFERENCES kb_articles (municipality_id, id),
    FOREIGN KEY (municipality_id, interaction_id) REFERENCES interactions (municipality_id, id)
);

-- "This answered my question", from the portal: a question resolved without a request.
CREATE TABLE kb_self_service (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  BIGINT NOT NULL,
    article_id       BIGINT NOT NULL,
    node_id          BIGINT,
    at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, article_id) REFERENCES kb_articles (municipality_id, id)
);
CREATE INDEX kb_self_service_by_time ON kb_self_service (municipality_id, at);
