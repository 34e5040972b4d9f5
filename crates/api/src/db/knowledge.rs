//! The knowledge base: articles, their categories, versions, words and documents, and the
//! full-text search agents and citizens run.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text};

use super::schema::{kb_article_nodes, kb_articles, kb_documents, kb_revisions, kb_self_service, kb_words, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = kb_articles, check_for_backend(diesel::pg::Pg))]
pub struct ArticleRow {
    pub id: i64,
    pub municipality_id: i64,
    pub title_fr: String,
    pub title_en: String,
    pub body_fr: String,
    pub body_en: String,
    pub keywords: Vec<String>,
    pub department_id: Option<i64>,
    pub audience: civis_domain::knowledge::Audience,
    pub verify_by: Option<NaiveDate>,
    pub archived: bool,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = kb_articles, treat_none_as_null = true)]
pub struct ArticleChange<'a> {
    pub title_fr: &'a str,
    pub title_en: &'a str,
    pub body_fr: &'a str,
    pub body_en: &'a str,
    pub keywords: &'a [String],
    pub department_id: Option<i64>,
    pub audience: &'a str,
    pub verify_by: Option<NaiveDate>,
    pub archived: bool,
}

pub fn find(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<ArticleRow>> {
    kb_articles::table
        .filter(kb_articles::municipality_id.eq(town))
        .filter(kb_articles::id.eq(id))
        .select(ArticleRow::as_select())
        .first(conn)
        .optional()
}

/// The row, locked for an edit.
pub fn find_for_update(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<ArticleRow>> {
    kb_articles::table
        .filter(kb_articles::municipality_id.eq(town))
        .filter(kb_articles::id.eq(id))
        .select(ArticleRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut PgConnection, town: i64, change: &ArticleChange) -> QueryResult<(i64, i32)> {
    diesel::insert_into(kb_articles::table)
        .values((kb_articles::municipality_id.eq(town), change))
        .returning((kb_articles::id, kb_articles::version))
        .get_result(conn)
}

/// Saves a new version; returns it.
pub fn update(conn: &mut PgConnection, town: i64, id: i64, change: &ArticleChange) -> QueryResult<i32> {
    diesel::update(kb_articles::table.filter(kb_articles::municipality_id.eq(town)).filter(kb_articles::id.eq(id)))
        .set((change, kb_articles::version.eq(kb_articles::version + 1), kb_articles::updated_at.eq(diesel::dsl::now)))
        .returning(kb_articles::version)
        .get_result(conn)
}

pub fn set_nodes(conn: &mut PgConnection, town: i64, id: i64, nodes: &[i64]) -> QueryResult<()> {
    diesel::delete(kb_article_nodes::table.filter(kb_article_nodes::article_id.eq(id))).execute(conn)?;
    let rows: Vec<_> = nodes
        .iter()
        .map(|n| {
            (
                kb_article_nodes::municipality_id.eq(town),
                kb_article_nodes::article_id.eq(id),
                kb_article_nodes::node_id.eq(n),
            )
        })
        .collect();
    diesel::insert_into(kb_article_nodes::table).values(rows).on_conflict_do_nothing().execute(conn)?;
    Ok(())
}

/// The categories of articles, by article.
pub fn nodes_of(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    kb_article_nodes::table
        .filter(kb_article_nodes::article_id.eq_any(ids))
        .order((kb_article_nodes::article_id, kb_article_nodes::node_id))
        .select((kb_article_nodes::article_id, kb_article_nodes::node_id))
        .load(conn)
}

pub fn add_revision(
    conn: &mut PgConnection,
    id: i64,
    version: i32,
    by: i64,
    content: &serde_json::Value,
) -> QueryResult<usize> {
    diesel::insert_into(kb_revisions::table)
        .values((
            kb_revisions::article_id.eq(id),
            kb_revisions::version.eq(version),
            kb_revisions::saved_by.eq(by),
            kb_revisions::content.eq(content),
        ))
        .execute(conn)
}

/// A saved version: number, when, who (first and last name) and the content.
pub type RevisionRow = (i32, DateTime<Utc>, Option<String>, Option<String>, serde_json::Value);

/// Versions, newest first, with the name of who saved each.
pub fn revisions(conn: &mut PgConnection, id: i64) -> QueryResult<Vec<RevisionRow>> {
    kb_revisions::table
        .left_join(users::table.on(users::id.nullable().eq(kb_revisions::saved_by)))
        .filter(kb_revisions::article_id.eq(id))
        .order(kb_revisions::version.desc())
        .select((
            kb_revisions::version,
            kb_revisions::saved_at,
            users::first_name.nullable(),
            users::last_name.nullable(),
            kb_revisions::content,
        ))
        .load(conn)
}

/// Adds the words of a text to the town's vocabulary (for typo tolerance).
pub fn add_words(conn: &mut PgConnection, town: i64, words: &[String]) -> QueryResult<()> {
    for chunk in words.chunks(1000) {
        let rows: Vec<_> = chunk.iter().map(|w| (kb_words::municipality_id.eq(town), kb_words::word.eq(w))).collect();
        diesel::insert_into(kb_words::table).values(rows).on_conflict_do_nothing().execute(conn)?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Word {
    #[diesel(sql_type = Text)]
    word: String,
    #[diesel(sql_type = Text)]
    query: String,
}

/// For each query word, the known words that look alike (trigrams), to be narrowed by edit
/// distance; words the vocabulary knows (exactly, or as a prefix for the last one) get none.
pub fn lookalikes(
    conn: &mut PgConnection,
    town: i64,
    words: &[String],
    last_is_prefix: bool,
) -> QueryResult<Vec<(String, String)>> {
    let found: Vec<Word> = diesel::sql_query(
        "SELECT k.word, q.w AS query
           FROM unnest($2::text[]) WITH ORDINALITY AS q(w, n)
           CROSS JOIN LATERAL (
             SELECT word FROM kb_words
              WHERE municipality_id = $1 AND length(q.w) >= 4 AND word % q.w
                AND NOT EXISTS (SELECT 1 FROM kb_words e WHERE e.municipality_id = $1
                                  AND (e.word = q.w OR ($3 AND q.n = array_length($2::text[], 1)
                                       AND e.word LIKE q.w || '%')))
              ORDER BY similarity(word, q.w) DESC LIMIT 12) k",
    )
    .bind::<BigInt, _>(town)
    .bind::<Array<Text>, _>(words)
    .bind::<Bool, _>(last_is_prefix)
    .load(conn)?;
    Ok(found.into_iter().map(|w| (w.query, w.word)).collect())
}

/// Lowers the trigram threshold for this transaction: a typo in a short word shares few
/// trigrams with the right spelling (edit distance decides afterwards).
pub fn loosen_trigrams(conn: &mut PgConnection) -> QueryResult<usize> {
    diesel::sql_query("SET LOCAL pg_trgm.similarity_threshold = 0.2").execute(conn)
}

#[derive(QueryableByName)]
pub struct HitRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub title_fr: String,
    #[diesel(sql_type = Text)]
    pub title_en: String,
    #[diesel(sql_type = Text)]
    pub excerpt_fr: String,
    #[diesel(sql_type = Text)]
    pub excerpt_en: String,
    #[diesel(sql_type = Text)]
    pub audience: civis_domain::knowledge::Audience,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub department_id: Option<i64>,
    #[diesel(sql_type = Bool)]
    pub stale: bool,
    #[diesel(sql_type = Bool)]
    pub in_title: bool,
    #[diesel(sql_type = BigInt)]
    pub documents: i64,
}

/// What a search is narrowed to.
pub struct Scope<'a> {
    pub town: i64,
    pub internal: bool,
    pub nodes: Option<&'a [i64]>,
    pub stale_only: bool,
    pub department: Option<i64>,
    pub limit: i64,
}

/// Articles matching a `to_tsquery` text (French and English stemming), title matches first
/// then by rank; without a query, the most recently updated.
pub fn search(conn: &mut PgConnection, scope: &Scope, tsquery: Option<&str>) -> QueryResult<Vec<HitRow>> {
    diesel::sql_query(
        "WITH q AS (SELECT CASE WHEN $2::text IS NULL THEN NULL
                           ELSE to_tsquery('public.fr_unaccent', $2) || to_tsquery('public.en_unaccent', $2) END AS q),
              t AS (SELECT (now() AT TIME ZONE timezone)::date AS today FROM municipalities WHERE id = $1)
         SELECT a.id, a.title_fr, a.title_en, left(a.body_fr, 240) AS excerpt_fr, left(a.body_en, 240) AS excerpt_en,
                a.audience, a.department_id, coalesce(a.verify_by < t.today, false) AS stale,
                coalesce(a.title_search @@ q.q, false) AS in_title,
                (SELECT count(*) FROM kb_documents d WHERE d.article_id = a.id) AS documents
           FROM kb_articles a, q, t
          WHERE a.municipality_id = $1 AND NOT a.archived
            AND (q.q IS NULL OR a.search @@ q.q)
            AND ($3 OR a.audience = 'public')
            AND ($4::bigint[] IS NULL OR EXISTS (SELECT 1 FROM kb_article_nodes n WHERE n.article_id = a.id AND n.node_id = ANY($4)))
            AND (NOT $5 OR a.verify_by < t.today)
            AND ($6::bigint IS NULL OR a.department_id = $6)
          ORDER BY in_title DESC, CASE WHEN q.q IS NULL THEN 0 ELSE ts_rank(a.search, q.q) END DESC, a.updated_at DESC, a.id DESC
          LIMIT $7",
    )
    .bind::<BigInt, _>(scope.town)
    .bind::<Nullable<Text>, _>(tsquery)
    .bind::<Bool, _>(scope.internal)
    .bind::<Nullable<Array<BigInt>>, _>(scope.nodes)
    .bind::<Bool, _>(scope.stale_only)
    .bind::<Nullable<BigInt>, _>(scope.department)
    .bind::<BigInt, _>(scope.limit)
    .load(conn)
}

#[derive(QueryableByName)]
struct NodeId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// A category with its parents and its children (an article about "Voirie" answers for
/// "Nid-de-poule", and one about "Nid-de-poule" for a search filtered on "Voirie").
pub fn node_family(conn: &mut PgConnection, town: i64, node: i64) -> QueryResult<Vec<i64>> {
    let rows: Vec<NodeId> = diesel::sql_query(
        "WITH RECURSIVE up AS (
             SELECT id, parent_id FROM taxonomy_nodes WHERE municipality_id = $1 AND id = $2
             UNION SELECT t.id, t.parent_id FROM taxonomy_nodes t JOIN up ON t.id = up.parent_id AND t.municipality_id = $1),
           down AS (
             SELECT id FROM taxonomy_nodes WHERE municipality_id = $1 AND id = $2
             UNION SELECT t.id FROM taxonomy_nodes t JOIN down ON t.parent_id = down.id AND t.municipality_id = $1)
         SELECT id FROM up UNION SELECT id FROM down",
    )
    .bind::<BigInt, _>(town)
    .bind::<BigInt, _>(node)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = kb_documents, check_for_backend(diesel::pg::Pg))]
pub struct DocumentRow {
    pub id: i64,
    pub article_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
}

pub fn documents(conn: &mut PgConnection, town: i64, article: i64) -> QueryResult<Vec<DocumentRow>> {
    kb_documents::table
        .filter(kb_documents::municipality_id.eq(town))
        .filter(kb_documents::article_id.eq(article))
        .order(kb_documents::id)
        .select(DocumentRow::as_select())
        .load(conn)
}

/// "This answered my question".
pub fn add_self_service(conn: &mut PgConnection, town: i64, article: i64, node: Option<i64>) -> QueryResult<usize> {
    diesel::insert_into(kb_self_service::table)
        .values((
            kb_self_service::municipality_id.eq(town),
            kb_self_service::article_id.eq(article),
            kb_self_service::node_id.eq(node),
        ))
        .execute(conn)
}

pub fn insert_document(
    conn: &mut PgConnection,
    town: i64,
    article: i64,
    d: (&str, &str, i64, &str),
) -> QueryResult<DocumentRow> {
    let (filename, content_type, size_bytes, storage_key) = d;
    diesel::insert_into(kb_documents::table)
        .values((
            kb_documents::municipality_id.eq(town),
            kb_documents::article_id.eq(article),
            kb_documents::filename.eq(filename),
            kb_documents::content_type.eq(content_type),
            kb_documents::size_bytes.eq(size_bytes),
            kb_documents::storage_key.eq(storage_key),
        ))
        .returning(DocumentRow::as_returning())
        .get_result(conn)
}

/// Records that an article's documents were sent (the address goes to the outbox only).
pub fn insert_send(
    conn: &mut PgConnection,
    town: i64,
    article: i64,
    interaction: Option<i64>,
    by: i64,
) -> QueryResult<i64> {
    use super::schema::kb_sends;
    diesel::insert_into(kb_sends::table)
        .values((
            kb_sends::municipality_id.eq(town),
            kb_sends::article_id.eq(article),
            kb_sends::interaction_id.eq(interaction),
            kb_sends::sent_by.eq(by),
        ))
        .returning(kb_sends::id)
        .get_result(conn)
}
