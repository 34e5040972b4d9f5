//! "Mes requêtes": the signed-in citizen's requests as a list, and a page per request where
//! they read its follow-ups and add information or a photo (it reaches the department).

use crate::router::use_params_map;
use civis_domain::Lang;
use civis_domain::wire::{NewInformation, TrackedRequest};
use leptos::prelude::*;

use super::account::{AccountPage, TrackedView};
use crate::api::{self, Problem};
use crate::components::{CitizenStatus, Empty, ErrorBox, FieldMsg, FilePicker, FormError, Loading, day};
use crate::i18n::{t, use_i18n};
use crate::session::use_auth;
use crate::towns::use_towns;

#[component]
pub fn MyRequests() -> impl IntoView {
    let auth = use_auth();
    let list = LocalResource::new(move || async move {
        if auth.session.with_untracked(Option::is_some) { Some(api::my_requests().await) } else { None }
    });
    view! {
        <h1>{t("nav.my_requests")}</h1>
        <Show when=move || auth.session.with(Option::is_some) fallback=|| view! { <AccountPage/> }>
            <Suspense fallback=Loading>
                {move || list.get().flatten().map(|res| match res {
                    Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <Empty text=Signal::derive(t("account.no_requests"))/> }.into_any(),
                    Ok(items) => view! { <MineTable items/> }.into_any(),
                })}
            </Suspense>
            <OwnFile/>
        </Show>
    }
}

/// Loi 25: the citizen downloads what the towns hold about them (a ZIP: the data as JSON
/// and a readable summary in the page's language).
#[component]
fn OwnFile() -> impl IntoView {
    let i = use_i18n();
    let fetch = Action::new_local(move |_: &()| {
        let lang = i.lang.get_untracked();
        async move {
            let url = api::own_file(lang.as_str()).await?;
            api::save_as(&url, if lang == Lang::Fr { "dossier-renseignements.zip" } else { "personal-file.zip" });
            Ok::<(), Problem>(())
        }
    });
    view! {
        <section class="own-file" aria-labelledby="own-file-title">
            <h2 id="own-file-title">{t("account.own_file")}</h2>
            <p class="help">{t("account.own_file_help")}</p>
            <button type="button" class="button" disabled=move || fetch.pending().get()
                on:click=move |_| { fetch.dispatch(()); }>{t("account.own_file_download")}</button>
            {move || fetch.value().get().and_then(Result::err).map(|e| view! { <ErrorBox err=e/> })}
        </section>
    }
}

#[component]
fn MineTable(items: Vec<TrackedRequest>) -> impl IntoView {
    let i = use_i18n();
    let towns = use_towns();
    view! {
        <table class="requests mine">
            <thead><tr>
                <th scope="col">{t("request.number")}</th><th scope="col">{t("wizard.town")}</th>
                <th scope="col">{t("request.category")}</th><th scope="col">{t("request.status")}</th>
                <th scope="col">{t("request.created")}</th><th scope="col">{t("mine.expected")}</th>
            </tr></thead>
            <tbody>
                {items.into_iter().map(|r| {
                    let town = towns.by_id(r.municipality_id).map(|t| t.name).unwrap_or_default();
                    let (fr, en) = (r.category_fr.clone(), r.category_en.clone());
                    let at = r.created_at;
                    let expected = if r.status.is_closed() { None } else { r.due_date };
                    view! { <tr>
                        <td class="nowrap"><a href=format!("/compte/requetes/{}", r.id)>{r.number.clone()}</a></td>
                        <td>{town}</td>
                        <td>{move || if i.lang.get() == Lang::Fr { fr.clone() } else { en.clone() }}</td>
                        <td><CitizenStatus status=r.status/></td>
                        <td class="nowrap">{move || crate::format::day_of(&at, i.locale())}</td>
                        <td class="nowrap">{day(expected)}</td>
                    </tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn MyRequest() -> impl IntoView {
    let params = use_params_map();
    let id: i64 = params.read_untracked().get("id").and_then(|v| v.parse().ok()).unwrap_or_default();
    let reload = RwSignal::new(0u32);
    // Lives above the page's content, which is drawn again when the request reloads.
    let sent = RwSignal::new(false);
    let found = LocalResource::new(move || {
        reload.track();
        api::my_request(id)
    });
    view! {
        <p><a href="/compte/requetes">{t("mine.back")}</a></p>
        <Transition fallback=Loading>
            {move || found.get().map(|res| match res {
                Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                Ok(r) => {
                    let open = !r.status.is_closed();
                    let town = r.municipality_id;
                    view! {
                        <TrackedView r main=true/>
                        <MyPhotos town id reload/>
                        {open.then(|| view! { <AddInformation town id reload sent/> })}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// The photos on the citizen's request that they may see: theirs, and those the town sent
/// them (never the town's internal files).
#[component]
fn MyPhotos(town: i64, id: i64, reload: RwSignal<u32>) -> impl IntoView {
    let found = LocalResource::new(move || {
        reload.track();
        api::attachments(town, id)
    });
    view! {
        <Transition fallback=Loading>
            {move || found.get().map(|res| match res {
                Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                Ok(list) => {
                    let photos: Vec<_> = list.into_iter().filter(|a| a.kind == civis_domain::wire::AttachmentKind::Photo).collect();
                    (!photos.is_empty()).then(|| view! {
                        <section aria-labelledby="my-photos">
                            <h2 id="my-photos">{t("mine.photos")}</h2>
                            <ul class="photos">
                                {photos.into_iter().map(|a| view! { <li><crate::components::Thumb town id a/></li> }).collect_view()}
                            </ul>
                        </section>
                    }).into_any()
                }
            })}
        </Transition>
    }
}

/// Information or a photo the citizen adds to their open request.
#[component]
fn AddInformation(town: i64, id: i64, reload: RwSignal<u32>, sent: RwSignal<bool>) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let photos = RwSignal::new_local(Vec::<web_sys::File>::new());
    let err = RwSignal::new(None::<Problem>);
    // The words first, then each photo; the first refusal stops and is shown.
    let add = crate::components::write_action(
        err,
        move |()| {
            body.set(String::new());
            photos.set(vec![]);
            sent.set(true);
            reload.update(|n| *n += 1);
        },
        move |(text, files): &(String, Vec<web_sys::File>)| {
            let (text, files) = (text.clone(), files.clone());
            async move {
                if !text.is_empty() {
                    api::add_information(id, &NewInformation { body: text }).await?;
                }
                for f in files {
                    api::upload(town, id, &f, None, None).await?;
                }
                Ok(())
            }
        },
    );
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set(false);
        let text = body.get_untracked().trim().to_string();
        let files = photos.get_untracked();
        if text.is_empty() && files.is_empty() {
            err.set(Some(Problem::fields(vec![("body".into(), "required")])));
            return;
        }
        add.dispatch_local((text, files));
    };
    view! {
        <form class="narrow" on:submit=send>
            <h2>{t("mine.add_title")}</h2>
            <FormError err/>
            <div class="field">
                <label for="m-body">{t("mine.add_body")}</label>
                <textarea id="m-body" rows="4" bind:value=body aria-describedby="m-body-err"></textarea>
                <FieldMsg err field="body" id="m-body-err"/>
            </div>
            <FilePicker files=photos images_only=true id="m-photos" label="wizard.photos"/>
            <button type="submit" class="primary">{t("mine.add_send")}</button>
            <Show when=move || sent.get()><p class="success" role="status">{t("mine.added")}</p></Show>
        </form>
    }
}
