//! An article's body, drawn from its plain text: blank lines make paragraphs, lines that
//! start with `- ` a list, and `https://` addresses links. Only text nodes are made from
//! the text, never HTML, so an article cannot inject markup.

use leptos::prelude::*;

/// One block of the text.
enum Block {
    Paragraph(Vec<String>),
    List(Vec<String>),
}

fn blocks(text: &str) -> Vec<Block> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| {
            let lines: Vec<String> = b.lines().map(|l| l.trim().to_string()).collect();
            if lines.iter().all(|l| l.starts_with("- ")) {
                Block::List(lines.into_iter().map(|l| l[2..].to_string()).collect())
            } else {
                Block::Paragraph(lines)
            }
        })
        .collect()
}

/// A line with its web addresses as links (opened in a new tab).
fn linked(line: String) -> impl IntoView {
    line.split_inclusive(' ')
        .map(|word| {
            let bare = word.trim_end().trim_end_matches(['.', ',', ';', ')']);
            if bare.starts_with("https://") || bare.starts_with("http://") {
                let rest = word[bare.len()..].to_string();
                let (href, label) = (bare.to_string(), bare.to_string());
                view! { <a href=href target="_blank" rel="noopener noreferrer">{label}</a>{rest} }.into_any()
            } else {
                word.to_string().into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn ArticleBody(#[prop(into)] text: String) -> impl IntoView {
    blocks(&text)
        .into_iter()
        .map(|b| match b {
            Block::List(items) => {
                view! { <ul>{items.into_iter().map(|i| view! { <li>{linked(i)}</li> }).collect_view()}</ul> }.into_any()
            }
            Block::Paragraph(lines) => {
                let n = lines.len();
                view! { <p>{lines.into_iter().enumerate().map(|(k, l)| view! { {linked(l)}{(k + 1 < n).then(|| view! { <br/> })} }).collect_view()}</p> }
                    .into_any()
            }
        })
        .collect_view()
}
