//! Photos and files: choosing them before filing (checked as the API checks them), and the
//! Photos and Files tabs of a request (thumbnails, downloads, adding more).

use civis_domain::wire::{ActorKind, Attachment, AttachmentKind};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::{Empty, ErrorBox, loaded};
use crate::i18n::{t, use_i18n};

/// Largest file the API takes (10 MB).
const MAX_FILE: f64 = 10.0 * 1024.0 * 1024.0;
const IMAGES: &[&str] = &["jpg", "jpeg", "png"];
const FILES: &[&str] = &["jpg", "jpeg", "png", "pdf", "msg", "xlsx", "xls", "doc", "docx"];

/// Why a file would be refused, before sending it (the API checks the content too).
pub fn refusal(file: &web_sys::File, images_only: bool) -> Option<&'static str> {
    let name = file.name().to_lowercase();
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_string()).unwrap_or_default();
    let allowed = if images_only { IMAGES } else { FILES };
    if !allowed.contains(&ext.as_str()) {
        Some("file_type_not_allowed")
    } else if file.size() > MAX_FILE {
        Some("file_too_large")
    } else {
        None
    }
}

fn size_label(bytes: f64, locale: &str) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{} Mo", crate::format::number((bytes / 1024.0 / 102.4).round() / 10.0, locale))
    } else {
        format!("{} ko", crate::format::number((bytes / 1024.0).ceil(), locale))
    }
}

/// Files chosen and kept until the request is filed.
#[component]
pub fn FilePicker(
    files: RwSignal<Vec<web_sys::File>, LocalStorage>,
    images_only: bool,
    id: &'static str,
    label: &'static str,
) -> impl IntoView {
    let i = use_i18n();
    let refused = RwSignal::new(Vec::<(String, &'static str)>::new());
    let accept = if images_only {
        "image/jpeg,image/png,.jpg,.jpeg,.png"
    } else {
        ".jpg,.jpeg,.png,.pdf,.msg,.xlsx,.xls,.doc,.docx"
    };
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(list) = input.files() else { return };
        let mut bad = vec![];
        for n in 0..list.length() {
            if let Some(f) = list.get(n) {
                match refusal(&f, images_only) {
                    Some(code) => bad.push((f.name(), code)),
                    None => files.update(|v| v.push(f)),
                }
            }
        }
        refused.set(bad);
        input.set_value("");
    };
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <input id=id type="file" multiple accept=accept on:change=chosen/>
            <ul class="chips">
                {move || files.with(|v| v.iter().enumerate().map(|(n, f)| {
                    let name = f.name();
                    let size = size_label(f.size(), i.locale());
                    view! { <li>{format!("{name} ({size})")}
                        <button type="button" class="chip-x" aria-label=move || format!("{} {}", i.t("filter.remove"), name)
                            on:click=move |_| files.update(|v| { if n < v.len() { v.remove(n); } })>"×"</button></li> }
                }).collect_view())}
            </ul>
            {move || refused.get().into_iter().map(|(name, code)| view! {
                <span class="field-error" role="alert">{format!("{name} — {}", civis_domain::message(code, i.lang.get()))}</span>
            }).collect_view()}
        </div>
    }
}

/// A request's photos or files, as the caller may see them; staff may add more.
#[component]
pub fn AttachmentTab(town: i64, id: i64, kind: AttachmentKind, can_add: bool, on_added: Callback<()>) -> impl IntoView {
    let list = LocalResource::new(move || api::attachments(town, id));
    let picked = RwSignal::new_local(Vec::<web_sys::File>::new());
    // Sends the files picked, each on its own: one refused does not stop the others, and
    // the last refusal is shown.
    let send = Action::new_local(move |_: &()| {
        let files = picked.get_untracked();
        async move {
            let k = if kind == AttachmentKind::Photo { "photo" } else { "file" };
            let mut refused = None;
            for f in &files {
                if let Err(e) = api::upload(town, id, f, Some(k), None).await {
                    refused = Some(e);
                }
            }
            refused.map_or(Ok(()), Err)
        }
    });
    Effect::new(move |version: Option<usize>| {
        let now = send.version().get();
        if version.is_some_and(|v| v != now) {
            picked.set(vec![]);
            list.refetch();
            _ = on_added.try_run(());
        }
        now
    });
    let err = move || send.value().get().and_then(Result::err);
    let busy = send.pending();
    let add = move |_| {
        send.dispatch(());
    };
    let (picker_id, picker_label) = match kind {
        AttachmentKind::Photo => ("att-photos", "attachments.add_photos"),
        AttachmentKind::File => ("att-files", "attachments.add_files"),
    };
    view! {
        {move || loaded(list.get(), move |items: Vec<Attachment>| {
            let items: Vec<Attachment> = items.into_iter().filter(|a| a.kind == kind).collect();
            if items.is_empty() {
                return view! { <Empty text=Signal::derive(t("attachments.none"))/> }.into_any();
            }
            match kind {
                AttachmentKind::Photo => view! {
                    <ul class="photos">{items.into_iter().map(|a| view! { <li><Thumb town id a/></li> }).collect_view()}</ul>
                }.into_any(),
                AttachmentKind::File => view! {
                    <ul class="rows">{items.into_iter().map(|a| view! { <li><FileRow town id a/></li> }).collect_view()}</ul>
                }.into_any(),
            }
        })}
        <Show when=move || can_add>
            <div class="admin-form">
                <FilePicker files=picked images_only=kind == AttachmentKind::Photo id=picker_id label=picker_label/>
                {move || err().map(|e| view! { <ErrorBox err=e/> })}
                <button type="button" class="primary" disabled=move || busy.get() || picked.with(Vec::is_empty) on:click=add>
                    {t("attachments.send")}</button>
            </div>
        </Show>
    }
}

#[component]
pub fn Thumb(town: i64, id: i64, a: Attachment) -> impl IntoView {
    let (aid, thumb) = (a.id, a.has_thumbnail);
    let found = LocalResource::new(move || async move {
        if thumb { api::object_url(town, id, aid, true).await.ok() } else { None }
    });
    let src = move || found.get().flatten();
    let name = a.filename.clone();
    view! {
        <figure>
            {move || src().map(|s| view! { <img src=s alt=name.clone() width="160"/> })}
            <figcaption><Download town id a=a.clone()/><Uploader a=a.clone()/></figcaption>
        </figure>
    }
}

/// Who added it, where the API says: a staff member's name, or "added by the requester".
#[component]
fn Uploader(a: Attachment) -> impl IntoView {
    match (a.uploader, a.uploader_kind) {
        (Some(n), _) => view! { <br/><span class="muted">{n.into_inner()}</span> }.into_any(),
        (None, ActorKind::Requester) => {
            view! { <br/><span class="muted">{t("attachments.by_requester")}</span> }.into_any()
        }
        _ => ().into_any(),
    }
}

#[component]
fn FileRow(town: i64, id: i64, a: Attachment) -> impl IntoView {
    let i = use_i18n();
    let size = a.size_bytes as f64;
    let sent = a.sent_to_requester;
    view! {
        <Download town id a=a.clone()/>" "
        <span class="muted">{move || size_label(size, i.locale())}</span>
        {sent.then(|| view! { " "<span class="tag">{t("attachments.sent")}</span> })}
        <Uploader a=a.clone()/>
    }
}

/// A button that fetches the file with the session and saves it under its name.
#[component]
fn Download(town: i64, id: i64, a: Attachment) -> impl IntoView {
    let i = use_i18n();
    let err = RwSignal::new(false);
    let name = a.filename.clone();
    let aid = a.id;
    let save = {
        let name = name.clone();
        move |_| {
            let name = name.clone();
            leptos::task::spawn_local(async move {
                match api::object_url(town, id, aid, false).await {
                    Ok(url) => {
                        let link = web_sys::window()
                            .and_then(|w| w.document())
                            .and_then(|d| d.create_element("a").ok())
                            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
                        if let Some(link) = link {
                            link.set_href(&url);
                            link.set_download(&name);
                            link.click();
                        }
                    }
                    Err(_) => {
                        err.try_set(true);
                    }
                }
            });
        }
    };
    view! {
        <button type="button" class="link" on:click=save aria-label=move || format!("{} {}", i.t("attachments.download"), name)>
            {a.filename.clone()}</button>
        <Show when=move || err.get()><span class="field-error" role="alert">{t("attachments.download_failed")}</span></Show>
    }
}
