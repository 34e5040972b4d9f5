//! CSV cells a spreadsheet reads as text, never as a formula (OWASP, "CSV Injection").
//!
//! A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
//! Excel, LibreOffice and Google Sheets: a request's "unusual" reason written
//! `=HYPERLINK("http://…","x")`, or a department named `+SUM(…)`, would run when the
//! director opens the council's export. Such a cell gets a leading apostrophe (shown as
//! the text itself) and is quoted; numbers the report writes itself are left as numbers.

/// The separator a spreadsheet in this language expects: `;` in French (where `,` is the
/// decimal mark: a French-Canadian Excel opens a `,` file in one column), `,` in English.
pub fn separator(lang: crate::Lang) -> char {
    if lang == crate::Lang::En { ',' } else { ';' }
}

/// A text cell, neutralised and quoted as CSV needs (`sep`: the file's separator).
pub fn text_cell(s: &str, sep: char) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { quote(&format!("'{s}")) } else { value_cell(s, sep) }
}

/// A value the program wrote (a number, a date): quoted only when CSV needs it.
pub fn value_cell(s: &str, sep: char) -> String {
    if s.contains([sep, ',', ';', '"', '\n', '\r']) { quote(s) } else { s.to_string() }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    fn text_cell(s: &str) -> String {
        super::text_cell(s, ',')
    }

    #[test]
    fn a_formula_is_text_and_plain_words_are_as_they_were() {
        assert_eq!(text_cell("=HYPERLINK(\"http://x\",\"x\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"x\"\")\"");
        for start in ["+SUM(A1)", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"] {
            let cell = text_cell(start);
            assert!(cell.starts_with("\"'"), "{start:?} became {cell:?}");
        }
        assert_eq!(text_cell("Travaux publics"), "Travaux publics");
        assert_eq!(text_cell("Voirie, trottoirs"), "\"Voirie, trottoirs\"");
        assert_eq!(text_cell("dit \"urgent\""), "\"dit \"\"urgent\"\"\"");
        assert_eq!(text_cell(""), "");
    }
}
