//! A person's contact written in free text: email addresses, North American phone numbers
//! and Canadian postal codes, found and replaced. Logs replace them with `<email>` and
//! `<phone>` (`privacy::redact_contacts`); what the public reads has them masked
//! ([`mask_public`]): citizens type their neighbour's number into a description that ends
//! up on the public map.

/// What each kind of contact becomes.
pub struct Masks<'a> {
    pub email: &'a str,
    pub phone: &'a str,
    /// `None` leaves postal codes as they are (a log needs them no more than a street).
    pub postal_code: Option<&'a str>,
}

/// The masks of public text (French: the portal shows the town's words as written).
pub const PUBLIC: Masks<'static> =
    Masks { email: "[courriel masqué]", phone: "[téléphone masqué]", postal_code: Some("[code postal masqué]") };

/// A text as the public may read it: emails, phone numbers and postal codes masked.
pub fn mask_public(text: &str) -> String {
    replace(text, &PUBLIC)
}

/// What anonymization leaves in place of a name, an email, a phone or a postal code.
pub const ANONYMIZED: &str = "[anonymisé]";

/// A person's text with them removed (Loi 25, anonymization): every email, phone number
/// and postal code, and each of `names` (their first name, last name and both together,
/// without case, as whole words) replaced by [`ANONYMIZED`]. Used on their descriptions,
/// the follow-ups of their requests and the notes of their calls, where any contact
/// written is theirs or someone they named.
pub fn anonymize(text: &str, names: &[&str]) -> String {
    let masks = Masks { email: ANONYMIZED, phone: ANONYMIZED, postal_code: Some(ANONYMIZED) };
    let mut out = replace(text, &masks);
    let mut names: Vec<&str> = names.iter().map(|n| n.trim()).filter(|n| n.chars().count() >= 2).collect();
    // The longest first: "Camille Zed" before "Camille".
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    for name in names {
        out = replace_word(&out, name, ANONYMIZED);
    }
    out
}

/// `text` with each whole-word occurrence of `word` (without case) replaced by `mask`. A
/// word's neighbours are anything but letters, digits and hyphens ("Sainte-Marie" does not
/// hold the name "Marie"; "d'Alice" holds "Alice").
fn replace_word(text: &str, word: &str, mask: &str) -> String {
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let chars: Vec<char> = text.chars().collect();
    let needle: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    // Lower-casing can change a text's length (rarely: 'İ'); then compare as it is.
    let hay = if lower.len() == chars.len() { &lower } else { &chars };
    let inside = |c: &char| c.is_alphanumeric() || *c == '-';
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let end = i + needle.len();
        let here = end <= hay.len()
            && hay[i..end] == needle[..]
            && (i == 0 || !inside(&chars[i - 1]))
            && chars.get(end).is_none_or(|c| !inside(c));
        if here {
            out.push_str(mask);
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"' | '\'' | ',' | ';' | '=' | '«' | '»')
}

/// `text` with each contact replaced by its mask.
pub fn replace(text: &str, masks: &Masks) -> String {
    let emails: String = text
        .split_inclusive(separator)
        .map(|piece| {
            let word = piece.trim_end_matches(separator);
            let tail = &piece[word.len()..];
            // A sentence's full stop after an address is not part of it.
            let bare = word.trim_end_matches(['.', ':', '!', '?']);
            let dot = &word[bare.len()..];
            match bare.split_once('@') {
                Some((local, domain)) if !local.is_empty() && domain.contains('.') && !domain.ends_with('.') => {
                    format!("{}{dot}{tail}", masks.email)
                }
                _ => piece.to_string(),
            }
        })
        .collect();
    let phones = replace_phones(&emails, masks.phone);
    match masks.postal_code {
        Some(mask) => replace_postal_codes(&phones, mask),
        None => phones,
    }
}

fn replace_phones(text: &str, mask: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() || chars[i] == '+' || chars[i] == '(' {
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit() || matches!(chars[j], ' ' | '-' | '.' | '(' | ')' | '+'))
            {
                j += 1;
            }
            // Trailing separators stay in the text.
            while j > i && !chars[j - 1].is_ascii_digit() {
                j -= 1;
            }
            if let Some((a, b)) = phone_in(&chars, i, j) {
                // What precedes the number in the run stays ("au 12 (819) …").
                out.extend(&chars[i..a]);
                // "(819 556-0000)": the bracket opens a phrase, not an area code.
                if chars[a] == '(' && !chars[a..b].contains(&')') {
                    out.push('(');
                }
                out.push_str(mask);
                i = b;
                continue;
            }
            if j > i {
                out.extend(&chars[i..j]);
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The phone number within the run of digits and separators `chars[i..j]`, as a span:
/// North American numbers have 7, 10 or 11 digits (a request number has 9), but a
/// cadastre's lot number (7 digits written 1 + 3 + 3: "4 587 112") is not one. The number
/// may follow other digits of the run (a civic number: "au 12 (819) 556-0000"): the
/// leftmost group that starts one, the longest one from there.
fn phone_in(chars: &[char], i: usize, j: usize) -> Option<(usize, usize)> {
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut k = i;
    while k < j {
        if chars[k].is_ascii_digit() {
            let start = k;
            while k < j && chars[k].is_ascii_digit() {
                k += 1;
            }
            groups.push((start, k));
        } else {
            k += 1;
        }
    }
    let len = |g: &(usize, usize)| g.1 - g.0;
    for g0 in 0..groups.len() {
        for g1 in (g0..groups.len()).rev() {
            let sizes: Vec<usize> = groups[g0..=g1].iter().map(len).collect();
            let digits: usize = sizes.iter().sum();
            // Written in parts, a number's parts have at most four digits; eleven digits
            // start with the country code 1.
            let parts_fit = sizes.len() == 1 || sizes.iter().all(|n| *n <= 4);
            let country = digits != 11 || chars[groups[g0].0] == '1';
            let size_fits = matches!(digits, 10 | 11) || (digits == 7 && sizes != [1, 3, 3]);
            if parts_fit && country && size_fits {
                // An opening bracket or a plus sign just before the number belongs to it.
                let mut a = groups[g0].0;
                while a > i && matches!(chars[a - 1], '(' | '+') {
                    a -= 1;
                }
                return Some((a, groups[g1].1));
            }
        }
    }
    None
}

/// A Canadian postal code at `i` (`H2X 1Y4`, `h2x1y4`, `H2X-1Y4`): its length in chars.
fn postal_code_at(chars: &[char], i: usize) -> Option<usize> {
    let letter = |k: usize| chars.get(k).is_some_and(char::is_ascii_alphabetic);
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    if i > 0 && chars[i - 1].is_alphanumeric() {
        return None;
    }
    if !(letter(i) && digit(i + 1) && letter(i + 2)) {
        return None;
    }
    let gap = usize::from(matches!(chars.get(i + 3), Some(' ' | '-')));
    let k = i + 3 + gap;
    let whole = digit(k) && letter(k + 1) && digit(k + 2) && !chars.get(k + 3).is_some_and(|c| c.is_alphanumeric());
    whole.then_some(6 + gap)
}

fn replace_postal_codes(text: &str, mask: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(n) = postal_code_at(&chars, i) {
            out.push_str(mask);
            i += n;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_reads_no_email_phone_or_postal_code() {
        let text = "Appelez Jeanne au 819 556-0000 ou jeanne.t@exemple.ca. J'habite au J8X 3Y6, près du parc.";
        assert_eq!(
            mask_public(text),
            "Appelez Jeanne au [téléphone masqué] ou [courriel masqué]. J'habite au [code postal masqué], près du parc."
        );
        assert_eq!(mask_public("(450) 555-0101 / +1 450 555 0102"), "[téléphone masqué] / [téléphone masqué]");
        assert_eq!(mask_public("code h2x1y4"), "code [code postal masqué]");
        assert_eq!(mask_public("Roger (819 556-0000) appelle"), "Roger ([téléphone masqué]) appelle");
        assert_eq!(mask_public("au 12 (819) 556-0000"), "au 12 [téléphone masqué]");
        assert_eq!(mask_public("Voisin-17966 (819 556-0000)."), "Voisin-17966 ([téléphone masqué]).");
        assert_eq!(mask_public("au 12 556-0000"), "au 12 [téléphone masqué]");
    }

    #[test]
    fn ordinary_words_and_numbers_stay() {
        for text in [
            "Trou de 30 cm devant le 1250, rue Principale, depuis le 2026-11-02.",
            "Requête 2026-00042 : voir le lot 4 587 112.",
            "Route A1B en travaux; B52 et H2O.",
            "Bonjour @ tous.",
        ] {
            assert_eq!(mask_public(text), text);
        }
    }

    #[test]
    fn anonymization_removes_the_person_and_every_contact() {
        let text = "Camille Zed (camille@exemple.ca, 819 556-0000) rappellera; ZED dit que Camille habite J8X 3Y6.";
        assert_eq!(
            anonymize(text, &["Camille", "Zed", "Camille Zed"]),
            "[anonymisé] ([anonymisé], [anonymisé]) rappellera; [anonymisé] dit que [anonymisé] habite [anonymisé]."
        );
        // Whole words only: a street, a longer word, an empty name.
        let street = "Nid-de-poule rue Sainte-Marie, chez Mariette.";
        assert_eq!(anonymize(street, &["Marie", "", " "]), street);
        assert_eq!(anonymize("Merci d'Alice.", &["alice"]), "Merci d'[anonymisé].");
    }

    #[test]
    fn logs_keep_no_contact_but_their_postal_codes() {
        let masks = Masks { email: "<email>", phone: "<phone>", postal_code: None };
        assert_eq!(replace("<a@b.ca> 450-555-0101 J8X 3Y6", &masks), "<<email>> <phone> J8X 3Y6");
    }
}
