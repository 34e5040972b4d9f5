//! First contact: who may read an article, how a contact reached the town and how it ended,
//! when a promised callback is due, and how a question an agent types becomes a full-text
//! query that forgives a typo.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Lang, calendar, text};

/// Who reads an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Citizens too: the portal's help and the wizard's suggestions.
    Public,
    /// Staff and agents only.
    Internal,
}

crate::wire_enum!(Audience { Public => "public", Internal => "internal" });

impl Audience {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Public, Lang::Fr) => "Publique",
            (Self::Public, Lang::En) => "Public",
            (Self::Internal, Lang::Fr) => "Interne",
            (Self::Internal, Lang::En) => "Internal",
        }
    }
}

/// How a citizen reached the town.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    Phone,
    Counter,
    Email,
    Voicemail,
    SocialMedia,
    Mail,
    Web,
}

crate::wire_enum!(ContactChannel {
    Phone => "phone",
    Counter => "counter",
    Email => "email",
    Voicemail => "voicemail",
    SocialMedia => "social_media",
    Mail => "mail",
    Web => "web",
});

impl ContactChannel {
    /// The channel of the request a contact becomes (a voicemail is a call).
    pub fn request_channel(self) -> crate::Channel {
        use crate::Channel;
        match self {
            Self::Phone | Self::Voicemail => Channel::Phone,
            Self::Counter => Channel::Counter,
            Self::Email => Channel::Email,
            Self::SocialMedia => Channel::SocialMedia,
            Self::Mail => Channel::Mail,
            Self::Web => Channel::Web,
        }
    }

    /// The intake channel's words where they are the same.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Voicemail, Lang::Fr) => "Boîte vocale",
            (Self::Voicemail, Lang::En) => "Voicemail",
            _ => self.as_str().parse::<crate::Channel>().map_or("", |c| c.label(lang)),
        }
    }
}

/// How a contact ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Answered at first contact (with the articles used, if any).
    Answered,
    /// Referred to a department or a person.
    Referred,
    /// Turned into a request (linked once filed).
    Request,
    /// The citizen is to be called back.
    Callback,
}

crate::wire_enum!(Outcome { Answered => "answered", Referred => "referred", Request => "request", Callback => "callback" });

impl Outcome {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Answered, Lang::Fr) => "Répondu au premier contact",
            (Self::Answered, Lang::En) => "Answered at first contact",
            (Self::Referred, Lang::Fr) => "Dirigé",
            (Self::Referred, Lang::En) => "Referred",
            (Self::Request, Lang::Fr) => "Transformé en requête",
            (Self::Request, Lang::En) => "Turned into a request",
            (Self::Callback, Lang::Fr) => "Rappel à faire",
            (Self::Callback, Lang::En) => "Callback needed",
        }
    }
}

/// The day a callback is due, from the day (in the town) the contact came in: the end of the
/// next working day (Mont-Saint-Hilaire's promise for voicemails and emails, kept for every
/// callback). The hour is the town's closing time.
pub fn callback_due_day(received: NaiveDate, holidays: &[NaiveDate]) -> NaiveDate {
    calendar::add_business_days(received, 1, holidays)
}

/// Words at least this long forgive a typo.
pub const TYPO_MIN_LEN: usize = 4;
/// At most this many words of a query are used.
pub const MAX_WORDS: usize = 8;

/// The edits a word of this length forgives.
pub fn edits_allowed(word: &str) -> usize {
    match word.chars().count() {
        n if n < TYPO_MIN_LEN => 0,
        n if n < 8 => 1,
        _ => 2,
    }
}

/// The words of a question, folded (no accents, no case, no punctuation), without one-letter
/// words, at most [`MAX_WORDS`].
pub fn query_words(q: &str) -> Vec<String> {
    text::fold(q).split_whitespace().filter(|w| w.chars().count() > 1).take(MAX_WORDS).map(str::to_string).collect()
}

/// The nearest known spellings of one word, among candidates: those within the word's
/// allowed edits, nearest first, at most three.
pub fn corrections(word: &str, candidates: &[String]) -> Vec<String> {
    let allowed = edits_allowed(word);
    let mut near: Vec<(usize, &String)> = candidates
        .iter()
        .filter(|c| c.as_str() != word)
        .map(|c| (text::edits(word, c), c))
        .filter(|(d, _)| *d <= allowed)
        .collect();
    near.sort();
    near.into_iter().take(3).map(|(_, c)| c.clone()).collect()
}

/// A full-text query (`to_tsquery` syntax) from the words and their alternatives: every
/// word is required, each may be matched by one of its spellings; the last word is also a
/// prefix (the agent is still typing). Words are folded, so only letters and digits reach
/// the query.
pub fn tsquery(words: &[(String, Vec<String>)]) -> String {
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .map(|(i, (w, alts))| {
            let mut terms = vec![if i == last { format!("{w}:*") } else { w.clone() }];
            terms.extend(alts.iter().cloned());
            format!("({})", terms.join(" | "))
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn a_friday_voicemail_before_a_holiday_monday_is_due_tuesday() {
        assert_eq!(callback_due_day(d("2026-11-20"), &[d("2026-11-23")]), d("2026-11-24"));
        assert_eq!(callback_due_day(d("2026-11-18"), &[]), d("2026-11-19"));
        // A voicemail left on a Saturday is due Monday.
        assert_eq!(callback_due_day(d("2026-11-21"), &[]), d("2026-11-23"));
    }

    #[test]
    fn every_channel_has_words() {
        for c in ContactChannel::ALL {
            assert!(!c.label(Lang::Fr).is_empty() && !c.label(Lang::En).is_empty(), "{c}");
        }
    }

    #[test]
    fn a_query_keeps_its_words_folded() {
        assert_eq!(query_words("Heures de la Bibliothèque ?"), vec!["heures", "de", "la", "bibliotheque"]);
        assert_eq!(query_words("l'écocentre"), vec!["ecocentre"]);
        assert!(query_words("  ' ; & | ! ").is_empty());
    }

    #[test]
    fn short_words_forgive_nothing_long_ones_forgive_more() {
        let known = vec!["chien".to_string(), "chiens".to_string(), "bibliotheque".into(), "permis".into()];
        assert_eq!(corrections("chein", &known), vec!["chien".to_string()]);
        assert_eq!(corrections("biblioteque", &known), vec!["bibliotheque".to_string()]);
        assert!(corrections("per", &known).is_empty());
        assert!(corrections("permis", &known).is_empty(), "a known word needs no correction");
    }

    #[test]
    fn the_query_requires_each_word_and_prefixes_the_last() {
        let q = tsquery(&[("licence".into(), vec![]), ("chein".into(), vec!["chien".into()])]);
        assert_eq!(q, "(licence) & (chein:* | chien)");
    }
}
