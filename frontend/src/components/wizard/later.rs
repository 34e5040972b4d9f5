//! The wizard past its category step, in a part of the app loaded on demand: the steps
//! from the questions to the review, the category's help articles, and the end when a
//! citizen follows a request instead of filing. A citizen's first download is then the
//! frame and the category step; the part is fetched as soon as the categories are shown,
//! while the citizen chooses (docs/ARCHITECTURE.md, "The web app's parts").

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};

use super::{Form, Step, help, location, nearby, questions, requester, review, text_steps};
use crate::api::Problem;
use crate::components::{Failed, loaded};
use crate::session::use_auth;

/// What the part draws.
#[derive(Clone, Copy)]
pub enum Piece {
    /// A step past the category; "Modifier" on the review goes back to a step.
    Step(Step, Callback<Step>),
    /// The town's help articles about the category chosen (citizens).
    Suggestions,
    /// The end when a request was followed instead of filed.
    Followed,
}

/// The part's one entry point: draws a piece.
pub type Draw = fn(Form, Piece) -> AnyView;

#[wasm_split(wizard_later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn part() -> Result<Draw, SplitLoaderError> {
    Ok(draw)
}

fn draw(form: Form, piece: Piece) -> AnyView {
    match piece {
        Piece::Step(Step::Questions, _) => view! { <questions::QuestionsStep form/> }.into_any(),
        Piece::Step(Step::Location, _) => view! { <location::LocationStep form/> }.into_any(),
        Piece::Step(Step::Description, _) => view! { <text_steps::DescriptionStep form/> }.into_any(),
        Piece::Step(Step::Attachments, _) => view! { <text_steps::AttachmentsStep form/> }.into_any(),
        Piece::Step(Step::Requester, _) => {
            let auth = use_auth();
            let citizen = Signal::derive(move || auth.session.with(|s| s.as_ref().is_some_and(|s| !s.is_staff())));
            view! { <requester::RequesterStep form signed_in_citizen=citizen/> }.into_any()
        }
        Piece::Step(Step::Review, edit) => view! { <review::ReviewStep form edit/> }.into_any(),
        Piece::Step(Step::Town | Step::Category, _) => ().into_any(),
        Piece::Suggestions => view! { <help::Suggestions form/> }.into_any(),
        Piece::Followed => {
            let slug = form.town.with_untracked(|t| t.as_ref().map(|t| t.slug.clone())).unwrap_or_default();
            form.followed.get_untracked().map(|(r, now)| view! { <nearby::Followed r slug now/> }).into_any()
        }
    }
}

/// Gives `form` the part: at once when here, else when its fetch comes (again after a
/// failure). The split loader fetches a part once for the page and shares the fetch on its
/// way; the steps are drawn once when it comes, not again.
pub fn load(form: Form) {
    // A wizard closed meanwhile needs nothing.
    let here = move || form.later.try_with_untracked(|l| matches!(l, Some(Ok(_)))).unwrap_or(true);
    if here() {
        return;
    }
    // Trying again: "loading" rather than the last failure meanwhile.
    if form.later.with_untracked(|l| matches!(l, Some(Err(_)))) {
        form.later.set(None);
    }
    leptos::task::spawn_local(async move {
        let part = part().await.map_err(|_| Problem::local("network"));
        if !here() {
            form.later.try_set(Some(part));
        }
    });
}

/// A piece of the part: "loading" until the part has come, the network's error with a
/// button to try again if it could not.
pub fn show(form: Form, piece: Piece) -> AnyView {
    match form.later.get() {
        Some(Err(err)) => view! { <Failed err retry=move || load(form)/> }.into_any(),
        other => loaded(other, move |draw| untrack(|| draw(form, piece))),
    }
}

/// A piece that is a help, not a step: nothing until the part has come.
pub fn show_quietly(form: Form, piece: Piece) -> Option<AnyView> {
    form.later.get().and_then(Result::ok).map(|draw| untrack(|| draw(form, piece)))
}
