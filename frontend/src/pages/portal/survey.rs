//! The closure email's one-question survey (`/t/:slug/satisfaction#…`: the token after
//! `#`, which never reaches a server's or a proxy's logs; `?jeton=…` of links sent before
//! is still read): a score from 1 to 5 and an optional comment, no account, once per
//! request, in French or English.

use crate::router::use_query_map;
use civis_domain::wire::SatisfactionInput;
use leptos::prelude::*;

use super::with_town;
use crate::api::{self, Problem};
use crate::components::{FieldMsg, FormError};
use crate::i18n::{t, use_i18n};

#[component]
pub fn SurveyPage() -> impl IntoView {
    let token = Some(crate::pages::password::fragment())
        .filter(|f| !f.is_empty())
        .or_else(|| use_query_map().with_untracked(|q| q.get("jeton")))
        .unwrap_or_default();
    with_town(move |town| view! { <Survey town=town.id name=town.name.clone() token=token.clone()/> }.into_any())
}

#[component]
fn Survey(town: i64, name: String, token: String) -> impl IntoView {
    let i = use_i18n();
    let score = RwSignal::new(None::<i32>);
    let comment = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    let send = Action::new_local(move |input: &SatisfactionInput| {
        let input = input.clone();
        async move { api::answer_survey(town, &input).await }
    });
    Effect::new(move |_| err.set(send.value().get().and_then(Result::err)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(s) = score.get_untracked() else {
            err.set(Some(Problem::fields(vec![("score".into(), "required")])));
            return;
        };
        send.dispatch(SatisfactionInput { token: token.clone(), score: s, comment: comment.get_untracked() });
    };
    let done = move || matches!(send.value().get(), Some(Ok(())));
    view! {
        <h1>{t("survey.title")}" — "{name}</h1>
        <Show when=done fallback=move || view! {
            <form class="narrow survey" on:submit=submit.clone() novalidate>
                <FormError err/>
                <fieldset class="choices" aria-describedby="sv-score-err">
                    <legend>{t("survey.question")}</legend>
                    {(1..=5).map(|n| view! {
                        <label><input type="radio" name="score" value=n.to_string() on:change=move |_| score.set(Some(n))/>
                            {move || format!("{n} — {}", i.t(&format!("survey.score_{n}")))}</label>
                    }).collect_view()}
                    <FieldMsg err field="score" id="sv-score-err"/>
                </fieldset>
                <div class="field">
                    <label for="sv-comment">{t("survey.comment")}</label>
                    <textarea id="sv-comment" rows="4" maxlength="2000" bind:value=comment aria-describedby="sv-comment-help"></textarea>
                    <small id="sv-comment-help" class="help">{t("survey.comment_help")}</small>
                </div>
                <button type="submit" class="primary" disabled=move || send.pending().get()>{t("survey.send")}</button>
            </form>
        }>
            <p class="success" role="status">{t("survey.thanks")}</p>
        </Show>
    }
}
