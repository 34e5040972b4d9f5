//! The one way out for a person's contact (Loi 25): a requester's details, a caller's,
//! the name of someone who acted. The server holds them as [`Held`], which neither
//! serializes nor prints; a response carries them only as [`Shown`], which only a
//! [`Disclosure`] — the rule's answer for this reader and this request — makes. A row that
//! holds a contact cannot become a response without asking the rule.

use std::ops::Deref;

use serde::{Deserialize, Serialize};

use super::Disclosure;
use crate::people::ActorKind;

/// A person's contact as the server holds it.
pub struct Held<T>(T);

impl<T> Held<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }
}

impl<T> std::fmt::Debug for Held<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Held(…)")
    }
}

/// A contact the rule let out to its reader: the only form one takes in a response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Shown<T>(T);

impl<T> Deref for Shown<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Shown<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl Disclosure {
    /// The requester's contact (or a caller's), when this reader may know who asked.
    pub fn contact<T>(&self, held: Held<T>) -> Option<Shown<T>> {
        self.requester.then_some(Shown(held.0))
    }

    /// The name of someone who acted (`who`), when this reader may see it.
    pub fn name_of(&self, who: ActorKind, held: Held<String>) -> Option<Shown<String>> {
        self.names(who).then_some(Shown(held.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::{Reader, disclosure};
    use crate::{RequestKind, people::RequesterMode};

    #[test]
    fn a_contact_leaves_only_where_the_rule_lets_it() {
        let public = disclosure(Reader::Public, RequestKind::Request, RequesterMode::Identified);
        assert_eq!(public.contact(Held::new("Camille")), None);
        let requester = disclosure(Reader::Requester, RequestKind::Request, RequesterMode::Identified);
        let shown = requester.contact(Held::new("Camille")).expect("their own");
        assert_eq!(serde_json::to_string(&shown).expect("json"), "\"Camille\"");
        assert_eq!(format!("{:?}", Held::new("Camille")), "Held(…)");
        assert_eq!(public.name_of(ActorKind::Requester, Held::new("Camille".into())), None);
    }
}
