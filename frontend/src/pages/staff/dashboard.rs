//! The staff list: the three tabs with their counts, the advanced filter (saved per user,
//! restored at the next sign-in), sorts, favorites, refresh, and pages over the keyset
//! cursor ("more").

use crate::router::use_navigate;
use civis_domain::Tab;
use civis_domain::wire::{Count, RequestFilter, RequestPage, RequestSummary, SortKey};
use leptos::prelude::*;

use super::filter::FilterPanel;
use super::names::Names;
use super::with_staff_town;
use crate::api::{self, Problem};
use crate::components::{Empty, ErrorBox, Loading, PriorityLabel, StatusBadge, day};
use crate::format;
use crate::i18n::{t, use_i18n};

fn use_auth_department(town: i64) -> Option<i64> {
    crate::session::use_auth().session.with_untracked(|s| s.as_ref().and_then(|s| s.department_in(town)))
}

#[component]
pub fn Dashboard() -> impl IntoView {
    with_staff_town(|town, mine| view! { <TownDashboard town=town.id mine/> }.into_any())
}

/// The director, clerks, elected officials and the town administrator read the reports.
fn reads_reports(roles: &civis_domain::RoleSet) -> bool {
    use civis_domain::Role;
    [Role::Director, Role::Clerk, Role::ElectedOfficial, Role::TownAdmin].iter().any(|r| roles.contains(*r))
}

#[component]
fn TownDashboard(town: i64, mine: Vec<civis_domain::wire::TownPublic>) -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let roles = crate::session::roles_in(town);
    // An operator agent's queue is what they have not transferred yet.
    let intake_only = roles.contains(civis_domain::Role::OperatorAgent) && !roles.is_town_staff();
    let tab = RwSignal::new(if intake_only { Tab::NotTransferred } else { Tab::Open });
    // A department responsible starts on their department (until they save another filter).
    let own_department = use_auth_department(town);
    let filter = RwSignal::new(None::<RequestFilter>);
    let rows = RwSignal::new(Vec::<RequestSummary>::new());
    let counts = RwSignal::new(None);
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let err = RwSignal::new(None::<Problem>);
    let names = RwSignal::new(Names::default());
    let reload = RwSignal::new(0u32);
    // Which list request is the latest: an older answer arriving late is dropped.
    let generation = StoredValue::new(0u64);
    // Saving is allowed once the saved filter was read (never overwrite it blindly).
    let can_save = StoredValue::new(false);

    // A link with a tab and filter opens that view (and does not touch the saved filter).
    let from_address = super::address::parse(&crate::router::use_query_map().get_untracked());
    if let Some((t, _)) = &from_address {
        tab.set(*t);
    }
    let filter_open = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if let Some((_, f)) = from_address {
            can_save.try_set_value(true);
            filter.try_set(Some(f));
            names.try_set(Names::load(town).await);
            return;
        }
        let saved = match api::saved_filter().await {
            Ok(f) => {
                can_save.try_set_value(true);
                f.unwrap_or_else(|| RequestFilter {
                    departments: own_department.into_iter().collect(),
                    ..Default::default()
                })
            }
            Err(e) => {
                err.try_set(Some(e));
                RequestFilter::default()
            }
        };
        filter.try_set(Some(saved));
        names.try_set(Names::load(town).await);
    });

    let load = move |more: bool| {
        let Some(f) = filter.get_untracked() else { return };
        let after = if more { cursor.get_untracked() } else { None };
        let which = tab.get_untracked();
        let mine = generation.try_update_value(|g| {
            *g += 1;
            *g
        });
        loading.set(true);
        leptos::task::spawn_local(async move {
            let result: Result<RequestPage, Problem> = api::list(town, which, &f, after.as_deref()).await;
            if generation.try_get_value() != mine {
                return;
            }
            loading.set(false);
            match result {
                Ok(page) => {
                    err.set(None);
                    if page.counts.is_some() {
                        counts.set(page.counts);
                    }
                    cursor.set(page.next_cursor);
                    if more {
                        rows.update(|r| r.extend(page.items));
                    } else {
                        rows.set(page.items);
                    }
                }
                Err(e) => err.set(Some(e)),
            }
        });
    };
    let to_address = navigate.clone();
    Effect::new(move |_| {
        tab.track();
        filter.track();
        reload.track();
        if let Some(f) = filter.get_untracked() {
            load(false);
            // The view is in the address: a copied link opens the same list.
            let url = format!("/staff/{town}?{}", super::address::query(tab.get_untracked(), &f));
            to_address(&url, crate::router::NavigateOptions { replace: true, scroll: false });
        }
    });

    // The filter as applied is saved for the next sign-in; a failure is shown.
    let save = move |f: RequestFilter| {
        if !can_save.get_value() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Err(e) = api::save_filter(&f).await {
                err.try_set(Some(e));
            }
        });
    };
    let on_apply = Callback::new(move |f: RequestFilter| {
        // Applied or cleared, the panel closes on the list it gives; a new sort leaves it be.
        filter_open.set(false);
        filter.set(Some(f.clone()));
        save(f);
    });
    let on_clear = Callback::new(move |sort: SortKey| {
        filter_open.set(false);
        filter.set(Some(RequestFilter { sort, ..Default::default() }));
        leptos::task::spawn_local(async move {
            if let Err(e) = api::clear_filter().await {
                err.try_set(Some(e));
            }
        });
    });
    let count = move |c: Option<Count>| {
        c.map(|c| {
            let n = format::number(c.value as f64, i.locale());
            if c.capped { format!("{n}+") } else { n }
        })
        .unwrap_or_default()
    };
    let tab_button = move |key: Tab, label: &'static str| {
        let n = move || {
            counts.get().map(|c: civis_domain::wire::TabCounts| match key {
                Tab::NotTransferred => c.not_transferred,
                Tab::Open => c.open,
                Tab::Closed => c.closed,
            })
        };
        // Late work in the tabs still open: "· 5 en retard".
        let late = move || {
            counts.get().and_then(|c: civis_domain::wire::TabCounts| match key {
                Tab::NotTransferred => Some(c.overdue.not_transferred),
                Tab::Open => Some(c.overdue.open),
                Tab::Closed => None,
            })
        };
        view! {
            <button type="button" role="tab" class="tab" aria-selected=move || (tab.get() == key).to_string()
                    tabindex=move || if tab.get() == key { "0" } else { "-1" }
                on:click=move |_| tab.set(key)>
                {t(label)}" "<span class="count">{move || count(n())}</span>
                {move || late().filter(|c| c.value > 0).map(|c| view! {
                    " "<span class="late-count">{format!("· {} {}", count(Some(c)), i.t("late.count"))}</span>
                })}
            </button>
        }
    };
    let is_admin = crate::session::use_auth().session.with_untracked(|s| {
        s.as_ref().is_some_and(|s| {
            s.user.platform_admin
                || s.user.grants.iter().any(|g| g.municipality_id == town && g.role == civis_domain::Role::TownAdmin)
        })
    });

    view! {
        <div class="toolbar">
            <h1>{t("staff.dashboard")}</h1>
            <super::TownSwitch town mine=mine.clone() label="staff.town"/>
            {roles.can_log_interactions().then(|| view! { <a href=format!("/staff/{town}/premier-contact") class="button">{t("console.title")}</a> })}
            {(roles.can_read_knowledge() && !roles.can_log_interactions()).then(|| view! { <a href=format!("/staff/{town}/articles") class="button">{t("kb.title")}</a> })}
            {reads_reports(&roles).then(|| view! { <a href=format!("/staff/{town}/rapports") class="button">{t("reports.title")}</a> })}
            {roles.can_see_confidential().then(|| view! { <a href=format!("/staff/{town}/renseignements") class="button">{t("person.title")}</a> })}
            {is_admin.then(|| view! { <a href=format!("/staff/{town}/admin") class="button">{t("admin.title")}</a> })}
            {roles.can_create_requests().then(|| view! {
                <a href=format!("/staff/{town}/nouvelle") class="button primary">{t("staff.new_request")}</a>
            })}
        </div>
        // An elected official reads; their home leads with the monthly lists.
        {roles.is_read_only().then(|| view! { <super::monthly::MonthlyPanel town/> })}
        <div role="tablist" class="tabs" on:keydown=crate::components::tab_keys aria-label=t("staff.tabs")>
            {tab_button(Tab::NotTransferred, "tab.not_transferred")}
            {tab_button(Tab::Open, "tab.open")}
            {tab_button(Tab::Closed, "tab.closed")}
        </div>
        <div class="toolbar">
            <label class="inline" for="sort">{t("staff.sort")}</label>
            <select id="sort" on:change=move |ev| {
                let key: Option<SortKey> = serde_json::from_value(serde_json::Value::String(event_target_value(&ev))).ok();
                if let Some(key) = key {
                    filter.update(|f| if let Some(f) = f { f.sort = key });
                    if let Some(f) = filter.get_untracked() {
                        save(f);
                    }
                }
            }>
                {[(SortKey::Created, "sort.created"), (SortKey::Due, "sort.due"), (SortKey::Priority, "sort.priority"), (SortKey::Department, "sort.department")]
                    .into_iter().map(|(k, label)| view! {
                        <option value=serde_json::to_value(k).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
                            selected=move || filter.with(|f| f.as_ref().map(|f| f.sort)) == Some(k)>{t(label)}</option>
                    }).collect_view()}
            </select>
            <button type="button" class="secondary" on:click=move |_| reload.update(|n| *n += 1)>{t("staff.refresh")}</button>
        </div>
        {move || filter.get().map(|f| view! { <FilterPanel current=f names=names open=filter_open on_apply on_clear/> })}
        {move || err.get().map(|e| view! { <ErrorBox err=e/> })}
        <RequestTable town rows names err/>
        <Show when=move || loading.get()><Loading/></Show>
        <Show when=move || cursor.get().is_some() && !loading.get()>
            <button type="button" class="secondary more" on:click=move |_| load(true)>{t("staff.more")}</button>
        </Show>
    }
}

/// The page's rows; the star marks a favorite (an `Action`: its failure is the page's error).
#[component]
fn RequestTable(
    town: i64,
    rows: RwSignal<Vec<RequestSummary>>,
    names: RwSignal<Names>,
    err: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let star = Action::new_local(move |&(id, on): &(i64, bool)| async move {
        api::set_favorite(town, id, on).await.map(|()| (id, on))
    });
    Effect::new(move |_| match star.value().get() {
        Some(Ok((id, on))) => {
            rows.try_update(|r| {
                if let Some(row) = r.iter_mut().find(|r| r.id == id) {
                    row.favorite = on;
                }
            });
            // The row is drawn again: give the focus back to its star.
            crate::components::focus(&format!("star-{id}"));
        }
        Some(Err(e)) => {
            err.try_set(Some(e));
        }
        None => {}
    });
    let empty = Memo::new(move |_| rows.with(Vec::is_empty));
    move || {
        if empty.get() {
            return view! { <Empty text=Signal::derive(t("staff.empty"))/> }.into_any();
        }
        view! {
            <table class="requests">
                <thead><tr>
                    <th scope="col"><span class="sr-only">{t("staff.favorite")}</span></th>
                    <th scope="col">{t("request.number")}</th>
                    <th scope="col">{t("request.description")}</th>
                    <th scope="col">{t("request.department")}</th>
                    <th scope="col">{t("request.priority")}</th>
                    <th scope="col">{t("request.status")}</th>
                    <th scope="col">{t("request.created")}</th>
                    <th scope="col">{t("request.due")}</th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| (r.id, r.favorite, r.status) let:r>
                        <RequestLine town r names star/>
                    </For>
                </tbody>
            </table>
        }
        .into_any()
    }
}

/// One request of the list.
#[component]
fn RequestLine(
    town: i64,
    r: RequestSummary,
    names: RwSignal<Names>,
    star: Action<(i64, bool), Result<(i64, bool), Problem>>,
) -> impl IntoView {
    let i = use_i18n();
    let (id, fav, at) = (r.id, r.favorite, r.created_at);
    let created = move || format::day_of(&at, i.locale());
    let due = day(r.due_date);
    let (dep, node, internal) = (r.department_id, r.node_id, r.internal);
    let (photos, files) = (r.photo_count > 0, r.file_count > 0);
    view! {
        <tr class:internal=r.internal>
            <td>
                <button type="button" class="star" id=format!("star-{id}") aria-pressed=fav.to_string()
                    aria-label=move || i.t(if fav { "staff.unstar" } else { "staff.star" })
                    on:click=move |_| { star.dispatch((id, !fav)); }>{if fav { "★" } else { "☆" }}</button>
            </td>
            <td class="nowrap"><a href=format!("/staff/{town}/requetes/{id}")>{r.number.clone()}</a>
                <Show when=move || internal><span class="tag internal-tag">{t("request.internal")}</span></Show></td>
            <td class="desc">
                <span class="muted">{move || names.with(|n| n.node(node, i.lang.get()))}</span>" "
                {r.description.chars().take(140).collect::<String>()}
                <Show when=move || photos><span class="icon" role="img" aria-label=t("request.has_photos")>"📷"</span></Show>
                <Show when=move || files><span class="icon" role="img" aria-label=t("request.has_files")>"📎"</span></Show>
            </td>
            <td>{move || names.with(|n| n.department(dep, i.lang.get()))}</td>
            <td><PriorityLabel priority=r.priority/></td>
            <td><StatusBadge status=r.status/></td>
            <td class="nowrap">{created}</td>
            <td class="nowrap">{due}<br/><LateBadge lateness=r.lateness/></td>
        </tr>
    }
}

/// "En retard" or "Échéance proche" beside a due date.
#[component]
pub fn LateBadge(lateness: Option<civis_domain::Lateness>) -> impl IntoView {
    lateness.map(|l| {
        let (class, key) = match l {
            civis_domain::Lateness::Overdue => ("badge late-overdue", "late.overdue"),
            civis_domain::Lateness::DueSoon => ("badge late-soon", "late.due_soon"),
        };
        view! { <span class=class>{t(key)}</span> }
    })
}
