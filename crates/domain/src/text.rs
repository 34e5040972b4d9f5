//! Text as searches compare it: lowercase, without accents, punctuation as spaces.

/// One character without its accent, lowercase (ligatures become two letters).
fn fold_char(c: char, out: &mut String) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'œ' | 'Œ' => return out.push_str("oe"),
        'æ' | 'Æ' => return out.push_str("ae"),
        c if c.is_alphanumeric() => return out.extend(c.to_lowercase()),
        _ => ' ',
    };
    out.push(base);
}

/// The text folded: `"Déneigement, L'Œuvre"` → `"deneigement  l oeuvre"`. Only letters,
/// digits and spaces remain, so a folded word is safe inside a full-text query.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Edits between two words (insertions, deletions, substitutions, and two neighbours
/// swapped counting as one), for spelling tolerance.
pub fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold("Déneigement, L'Œuvre"), "deneigement  l oeuvre");
        assert_eq!(fold("ÉCOCENTRE"), "ecocentre");
    }

    #[test]
    fn counts_edits_with_swaps_as_one() {
        assert_eq!(edits("bibliotheque", "biblioteque"), 1);
        assert_eq!(edits("chien", "chein"), 1);
        assert_eq!(edits("permis", "permis"), 0);
        assert_eq!(edits("garage", "garge"), 1);
        assert_eq!(edits("collecte", "colecte"), 1);
        assert_eq!(edits("abc", ""), 3);
        assert_eq!(edits("taxe", "tax"), 1);
    }
}
