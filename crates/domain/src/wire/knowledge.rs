//! The knowledge base and first contact: articles, their search, the interactions agents
//! log and the counts the reports read.

use chrono::{DateTime, NaiveDate, Utc};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::knowledge::{Audience, ContactChannel, Outcome};

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// An article as its editor writes it. Bodies are plain text: blank lines separate
/// paragraphs, lines starting with `- ` make a list, and `https://` addresses become links.
#[schema_rules]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ArticleInput {
    #[cfg_attr(feature = "openapi", schema(example = "Heures d'ouverture de la bibliothèque"))]
    #[validate(length(min = 1, max = 200, code = "length"))]
    pub title_fr: String,
    #[cfg_attr(feature = "openapi", schema(example = "Library opening hours"))]
    #[validate(length(max = 200, code = "length"))]
    #[serde(default)]
    pub title_en: String,
    #[validate(length(min = 1, max = 20000, code = "length"))]
    pub body_fr: String,
    #[validate(length(max = 20000, code = "length"))]
    #[serde(default)]
    pub body_en: String,
    /// Words a caller may use that the text does not (at most 20, 60 characters each).
    #[validate(length(max = 20, code = "length"), custom(function = "crate::rules::keywords"))]
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The categories (taxonomy nodes) it answers for.
    #[validate(length(max = 50, code = "length"))]
    #[serde(default)]
    pub node_ids: Vec<i64>,
    /// The department that owns it and keeps it current.
    pub department_id: Option<i64>,
    pub audience: Audience,
    /// The date by which someone checks it is still true; past it, the article is stale.
    pub verify_by: Option<NaiveDate>,
    /// Archived articles leave searches and the portal (kept for the history).
    #[serde(default)]
    pub archived: bool,
}

/// A document attached to an article (a form, a leaflet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ArticleDocument {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
}

/// An article, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Article {
    pub id: i64,
    pub town_id: i64,
    #[serde(flatten)]
    pub content: ArticleInput,
    /// Past its verify-by date in the town's calendar.
    pub stale: bool,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub documents: Vec<ArticleDocument>,
}

/// An article as a search lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ArticleHit {
    pub id: i64,
    pub title_fr: String,
    pub title_en: String,
    /// The first lines of the body, in each language.
    pub excerpt_fr: String,
    pub excerpt_en: String,
    pub audience: Audience,
    pub department_id: Option<i64>,
    pub stale: bool,
    /// The query matched the title (such hits come first).
    pub in_title: bool,
    pub documents: i64,
}

/// A search of the knowledge base.
#[schema_rules]
#[derive(Debug, Clone, Default, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
pub struct ArticleQuery {
    /// Words, in French or English; accents and case do not matter and a typo in a word of
    /// four letters or more is forgiven. Empty: the most recently updated articles.
    #[cfg_attr(feature = "openapi", param(example = "heures biblioteque"))]
    #[validate(length(max = 200, code = "length"))]
    pub q: Option<String>,
    /// Only articles for this category, one of its parents or one of its children.
    pub node_id: Option<i64>,
    /// Only articles past their verify-by date (staff only).
    pub stale: Option<bool>,
    /// Only articles of this department (staff only).
    pub department_id: Option<i64>,
    /// At most this many (1–50, default 20).
    #[validate(range(min = 1, max = 50, code = "range"))]
    pub limit: Option<u8>,
}

/// One saved version of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ArticleRevision {
    pub version: i32,
    pub saved_at: DateTime<Utc>,
    /// Who saved it (staff name), when known.
    pub saved_by: Option<String>,
    pub content: ArticleInput,
}

/// How a citizen may be reached back (optional; the privacy rules of requests apply).
#[schema_rules]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ContactDetails {
    #[validate(length(max = 200, code = "length"))]
    pub name: Option<String>,
    #[validate(email(code = "email"), length(max = 254, code = "length"))]
    pub email: Option<String>,
    #[validate(length(max = 40, code = "length"))]
    pub phone: Option<String>,
}

/// A contact as the agent logs it.
#[schema_rules]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"channel": "phone", "node_id": 3, "note": "Demande l'horaire de la collecte des encombrants.", "outcome": "answered", "article_ids": [1]})))]
pub struct InteractionInput {
    pub channel: ContactChannel,
    /// What it was about (a taxonomy node), if known.
    pub node_id: Option<i64>,
    #[validate(length(max = 2000, code = "length"))]
    #[serde(default)]
    pub note: String,
    #[validate(nested)]
    pub contact: Option<ContactDetails>,
    pub outcome: Outcome,
    /// The articles the answer came from.
    #[validate(length(max = 10, code = "length"))]
    #[serde(default)]
    pub article_ids: Vec<i64>,
    /// Referred: to this department…
    pub referred_department_id: Option<i64>,
    /// …or to this person (a name, a service outside the town).
    #[validate(length(max = 200, code = "length"))]
    pub referred_to: Option<String>,
    /// When it came in (a voicemail left earlier); now when absent. Within the last 30 days.
    pub occurred_at: Option<DateTime<Utc>>,
}

/// A logged contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Interaction {
    pub id: i64,
    pub town_id: i64,
    pub channel: ContactChannel,
    pub node_id: Option<i64>,
    pub note: String,
    /// Absent for readers who may not see contact details.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ContactDetails>))]
    pub contact: Option<crate::privacy::Shown<ContactDetails>>,
    pub outcome: Outcome,
    pub article_ids: Vec<i64>,
    pub referred_department_id: Option<i64>,
    pub referred_to: Option<String>,
    /// The request it became, once filed.
    pub request_id: Option<i64>,
    pub request_number: Option<String>,
    pub occurred_at: DateTime<Utc>,
    /// A callback is due by the end of the next working day.
    pub callback_due_at: Option<DateTime<Utc>>,
    pub callback_done_at: Option<DateTime<Utc>>,
    /// Due and not done.
    pub overdue: bool,
    /// The staff member who logged it.
    pub logged_by: String,
}

/// Which interactions to list.
#[schema_rules]
#[derive(Debug, Clone, Default, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
pub struct InteractionQuery {
    /// Only callbacks not done yet, soonest due first.
    pub callbacks: Option<bool>,
    /// At most this many (1–200, default 50), newest first.
    #[validate(range(min = 1, max = 200, code = "range"))]
    pub limit: Option<u8>,
}

/// Links a contact to the request it became.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InteractionRequest {
    pub request_id: i64,
}

/// A period, both days included, in the town's calendar.
#[schema_rules]
#[derive(Debug, Clone, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
pub struct PeriodQuery {
    #[cfg_attr(feature = "openapi", param(example = "2026-10-01"))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "openapi", param(example = "2026-12-31"))]
    pub to: NaiveDate,
}

/// Contacts by channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChannelCount {
    pub channel: ContactChannel,
    pub count: i64,
}

/// First contact in a period, for the reports: counts only, never a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FirstContactCounts {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub interactions: i64,
    /// Every channel, zero included.
    pub by_channel: Vec<ChannelCount>,
    pub answered_first_contact: i64,
    pub referred: i64,
    pub turned_into_requests: i64,
    /// Callbacks due in the period…
    pub callbacks_due: i64,
    /// …done by their due time…
    pub callbacks_on_time: i64,
    /// …and those still not done past it.
    pub callbacks_overdue: i64,
    /// Citizens who said a public article answered their question.
    pub resolved_without_request: i64,
}

/// "This answered my question", from the portal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SelfServiceAnswer {
    /// The category the citizen had picked, if any.
    pub node_id: Option<i64>,
}

/// Sends an article's documents to a citizen by email.
#[schema_rules]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SendDocuments {
    #[cfg_attr(feature = "openapi", schema(example = "citoyen@exemple.ca"))]
    #[validate(email(code = "email"), length(max = 254, code = "length"))]
    pub email: String,
    /// The email's language.
    #[serde(default)]
    pub language: crate::Lang,
    /// The contact it is sent during (logged on it).
    pub interaction_id: Option<i64>,
    /// A few words from the agent, put above the documents.
    #[validate(length(max = 500, code = "length"))]
    #[serde(default)]
    pub note: String,
}

/// What was queued for sending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DocumentsSent {
    /// How many documents the email carries.
    pub documents: i64,
}
