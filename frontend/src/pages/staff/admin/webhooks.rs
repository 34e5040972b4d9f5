//! Webhook endpoints: register one (its signing secret shown once), pause or resume it,
//! read its latest deliveries and send one again.

use civis_domain::wire::{
    DeliveryStatus, RegisteredWebhook, WebhookDelivery, WebhookEndpoint, WebhookEndpointInput, WebhookEvent,
};
use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::{FormError, TextField, loaded, moment, write_action};
use crate::i18n::{t, use_i18n};

const EVENTS: [WebhookEvent; 4] =
    [WebhookEvent::Created, WebhookEvent::StatusChanged, WebhookEvent::FollowupAdded, WebhookEvent::Closed];

fn event_key(e: WebhookEvent) -> &'static str {
    match e {
        WebhookEvent::Created => "hooks.event.created",
        WebhookEvent::StatusChanged => "hooks.event.status_changed",
        WebhookEvent::FollowupAdded => "hooks.event.followup_added",
        WebhookEvent::Closed => "hooks.event.closed",
    }
}

#[component]
pub fn Webhooks(town: i64) -> impl IntoView {
    let list = LocalResource::new(move || api::webhooks(town));
    let registered = RwSignal::new(None::<RegisteredWebhook>);
    view! {
        <h2>{t("hooks.title")}</h2>
        <p class="help">{t("hooks.intro")}</p>
        <RegisterForm town on_done=Callback::new(move |r| { registered.set(Some(r)); list.refetch() })/>
        {move || registered.get().map(|r| view! {
            <div class="notice" role="status">
                <p><strong>{t("hooks.secret_once")}</strong></p>
                <p><code class="secret">{r.secret.clone()}</code></p>
            </div>
        })}
        {move || loaded(list.get(), move |hooks: Vec<WebhookEndpoint>| view! {
            {hooks.is_empty().then(|| view! { <p>{t("hooks.none")}</p> })}
            {hooks.into_iter().map(|h| view! { <Endpoint town h on_saved=Callback::new(move |_| list.refetch())/> }).collect_view()}
        }.into_any())}
    }
}

#[component]
fn RegisterForm(town: i64, on_done: Callback<RegisteredWebhook>) -> impl IntoView {
    let i = use_i18n();
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let chosen = RwSignal::new(EVENTS.to_vec());
    let err = RwSignal::new(None::<Problem>);
    let send = write_action(
        err,
        move |r: RegisteredWebhook| {
            url.set(String::new());
            description.set(String::new());
            _ = on_done.try_run(r);
        },
        move |body: &WebhookEndpointInput| {
            let body = body.clone();
            async move { api::register_webhook(town, &body).await }
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(WebhookEndpointInput {
            url: url.get_untracked().trim().into(),
            description: description.get_untracked().trim().into(),
            events: chosen.get_untracked(),
            active: Some(true),
        });
    };
    view! {
        <form class="narrow admin-form" on:submit=submit novalidate>
            <FormError err/>
            <TextField value=url id="h-url" label="hooks.url" err field="url" kind="url"/>
            <TextField value=description id="h-description" label="hooks.description" err field="description"/>
            <fieldset>
                <legend>{t("hooks.events")}</legend>
                {EVENTS.iter().map(|e| {
                    let e = *e;
                    view! { <label class="check"><input type="checkbox"
                        prop:checked=move || chosen.with(|c| c.contains(&e))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| { c.retain(|x| *x != e); if on { c.push(e) } });
                        }/>{move || i.t(event_key(e))}</label> }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="primary">{t("hooks.register")}</button>
        </form>
    }
}

#[component]
fn Endpoint(town: i64, h: WebhookEndpoint, on_saved: Callback<()>) -> impl IntoView {
    let i = use_i18n();
    let err = RwSignal::new(None::<Problem>);
    let shown = RwSignal::new(false);
    let body = WebhookEndpointInput {
        url: h.url.clone(),
        description: h.description.clone(),
        events: h.events.clone(),
        active: Some(!h.active),
    };
    let id = h.id;
    let toggle = write_action(
        err,
        move |_: WebhookEndpoint| _ = on_saved.try_run(()),
        move |b: &WebhookEndpointInput| {
            let b = b.clone();
            async move { api::replace_webhook(town, id, &b).await }
        },
    );
    let events: Vec<&'static str> = h.events.iter().map(|e| event_key(*e)).collect();
    view! {
        <section class="card" aria-label=h.url.clone()>
            <h3><code>{h.url.clone()}</code></h3>
            {(!h.description.is_empty()).then(|| view! { <p>{h.description.clone()}</p> })}
            <p>{move || events.iter().map(|k| i.t(k)).collect::<Vec<_>>().join(" · ")}</p>
            <p role="status">{if h.active { t("hooks.active")() } else { t("hooks.paused")() }}
                {h.disabled_reason.clone().map(|r| view! { " — "<span class="help">{r}</span> })}</p>
            <FormError err/>
            <div class="toolbar">
                <button type="button" class="secondary" on:click=move |_| { toggle.dispatch(body.clone()); }>
                    {t(if h.active { "hooks.pause" } else { "hooks.resume" })}</button>
                <button type="button" class="secondary" aria-expanded=move || shown.get().to_string()
                    on:click=move |_| shown.update(|s| *s = !*s)>{t("hooks.deliveries")}</button>
            </div>
            <Show when=move || shown.get()>
                <Deliveries town endpoint=id/>
            </Show>
        </section>
    }
}

#[component]
fn Deliveries(town: i64, endpoint: i64) -> impl IntoView {
    let list = LocalResource::new(move || api::webhook_deliveries(town, endpoint));
    let err = RwSignal::new(None::<Problem>);
    let resend = write_action(
        err,
        move |_: WebhookDelivery| list.refetch(),
        move |d: &i64| api::resend_delivery(town, endpoint, *d),
    );
    view! {
        <FormError err/>
        {move || loaded(list.get(), move |rows: Vec<WebhookDelivery>| view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label=t("hooks.deliveries")>
            <table class="history">
                <thead><tr>
                    <th scope="col">{t("hooks.when")}</th><th scope="col">{t("hooks.event")}</th>
                    <th scope="col">{t("hooks.request")}</th><th scope="col">{t("hooks.status")}</th>
                    <th scope="col">{t("hooks.answer")}</th><th scope="col"><span class="sr-only">{t("hooks.resend")}</span></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|d| view! { <DeliveryRow d resend=Callback::new(move |id| { resend.dispatch(id); })/> }).collect_view()}
                </tbody>
            </table>
            </div>
        }.into_any())}
    }
}

#[component]
fn DeliveryRow(d: WebhookDelivery, resend: Callback<i64>) -> impl IntoView {
    let i = use_i18n();
    let (id, event, status) = (d.id, d.event, d.status);
    let answer = match (d.last_status, d.last_error.clone()) {
        (Some(s), _) => format!("HTTP {s}"),
        (None, Some(e)) => e,
        _ => "—".into(),
    };
    let state = move || match status {
        DeliveryStatus::Pending => i.t("hooks.state.pending"),
        DeliveryStatus::Delivered => i.t("hooks.state.delivered"),
        DeliveryStatus::Failed => i.t("hooks.state.failed"),
    };
    view! {
        <tr>
            <td>{moment(d.created_at)}</td>
            <td>{move || i.t(event_key(event))}</td>
            <td>{d.request_id}</td>
            <td>{state}" ("{d.attempts}")"</td>
            <td>{answer}</td>
            <td><button type="button" class="link" on:click=move |_| resend.run(id)>
                {t("hooks.resend")}<span class="sr-only">" "{d.message_id.clone()}</span></button></td>
        </tr>
    }
}
