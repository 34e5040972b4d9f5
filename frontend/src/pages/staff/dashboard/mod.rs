//! The staff list: the three tabs with their counts, the advanced filter (saved per user,
//! restored at the next sign-in), sorts, favorites, refresh, and pages over the keyset
//! cursor ("more").
//!
//! Built on Leptos' own tools: what the list opens on (a link's view, or the saved filter,
//! with the town's names) is a resource whose failure goes to the page's `ErrorBoundary`
//! with a retry; the list is a resource of the tab, the filter and "refresh", so an older
//! answer arriving late is never shown; "more", the star and saving the filter are actions,
//! each failure shown above the list.

mod table;

use civis_domain::Tab;
use civis_domain::wire::{Count, RequestFilter, SortKey, TabCounts};
use leptos::prelude::*;

use super::filter::FilterPanel;
use super::names::Names;
use super::with_staff_town;
use crate::api::{self, Problem, Res};
use crate::components::{ErrorBox, Loading};
use crate::format;
use crate::i18n::{t, use_i18n};
use table::RequestTable;

#[component]
pub fn Dashboard() -> impl IntoView {
    with_staff_town(|town, mine| view! { <TownDashboard town=town.id mine/> }.into_any())
}

/// The director, clerks, elected officials and the town administrator read the reports.
fn reads_reports(roles: &civis_domain::RoleSet) -> bool {
    use civis_domain::Role;
    [Role::Director, Role::Clerk, Role::ElectedOfficial, Role::TownAdmin].iter().any(|r| roles.contains(*r))
}

/// What the list opens on.
#[derive(Clone)]
struct Opening {
    tab: Tab,
    filter: RequestFilter,
    names: Names,
}

/// A link with a tab and filter opens that view (and leaves the saved filter be); else the
/// user's saved filter, or for a department responsible their department; an operator
/// agent's queue is what they have not transferred yet.
async fn opening(
    town: i64,
    from_address: Option<(Tab, RequestFilter)>,
    intake_only: bool,
    own_department: Option<i64>,
) -> Res<Opening> {
    let names = Names::load(town).await?;
    if let Some((tab, filter)) = from_address {
        return Ok(Opening { tab, filter, names });
    }
    let filter = api::saved_filter()
        .await?
        .unwrap_or_else(|| RequestFilter { departments: own_department.into_iter().collect(), ..Default::default() });
    Ok(Opening { tab: if intake_only { Tab::NotTransferred } else { Tab::Open }, filter, names })
}

#[component]
fn TownDashboard(town: i64, mine: Vec<civis_domain::wire::TownPublic>) -> impl IntoView {
    let roles = crate::session::roles_in(town);
    let intake_only = roles.contains(civis_domain::Role::OperatorAgent) && !roles.is_town_staff();
    let from_address = super::address::parse(&crate::router::use_query_map().get_untracked());
    // A department responsible starts on their department (until they save another filter).
    let own_department =
        crate::session::use_auth().session.with_untracked(|s| s.as_ref().and_then(|s| s.department_in(town)));
    let open = LocalResource::new(move || opening(town, from_address.clone(), intake_only, own_department));
    view! {
        <StaffLinks town mine roles=roles.clone()/>
        // An elected official reads; their home leads with the monthly lists.
        {roles.is_read_only().then(|| view! {
            <super::monthly::MonthlyPanel town/>
            // Then every request of the town, under its own heading.
            <h2 class="list-title">{t("staff.all_requests")}</h2>
        })}
        // A `Transition`, not a `Suspense`: the list's own loads under it must not bring the
        // fallback back (a `Suspense` shows it again whenever a resource read inside reloads).
        <Transition fallback=Loading>
            {move || open.get().map(|o| o.map(|o| view! { <TownList town opening=o/> }))}
        </Transition>
    }
}

/// The page's heading, the town switch and the role's other screens.
#[component]
fn StaffLinks(town: i64, mine: Vec<civis_domain::wire::TownPublic>, roles: civis_domain::RoleSet) -> impl IntoView {
    let is_admin = crate::session::use_auth().session.with_untracked(|s| {
        s.as_ref().is_some_and(|s| {
            s.user.platform_admin
                || s.user.grants.iter().any(|g| g.municipality_id == town && g.role == civis_domain::Role::TownAdmin)
        })
    });
    let link = |on: bool, to: &str, label: &'static str| {
        on.then(|| view! { <a href=format!("/staff/{town}/{to}") class="button">{t(label)}</a> })
    };
    view! {
        <div class="toolbar">
            <h1>{t("staff.dashboard")}</h1>
            <super::TownSwitch town mine label="staff.town"/>
            {link(roles.can_log_interactions(), "premier-contact", "console.title")}
            {link(roles.can_read_knowledge() && !roles.can_log_interactions(), "articles", "kb.title")}
            {link(reads_reports(&roles), "rapports", "reports.title")}
            {link(roles.can_see_confidential(), "renseignements", "person.title")}
            {link(is_admin, "admin", "admin.title")}
            {roles.can_create_requests().then(|| view! {
                <a href=format!("/staff/{town}/nouvelle") class="button primary">{t("staff.new_request")}</a>
            })}
        </div>
    }
}

/// The tabs, the sort, the filter and the list, once the opening view is known.
#[component]
fn TownList(town: i64, opening: Opening) -> impl IntoView {
    let tab = RwSignal::new(opening.tab);
    let filter = RwSignal::new(opening.filter);
    let names = RwSignal::new(opening.names);
    let reload = RwSignal::new(0u32);
    let err = RwSignal::new(None::<Problem>);
    let filter_open = RwSignal::new(false);
    let list = LocalResource::new(move || {
        let (which, f) = (tab.get(), filter.get());
        reload.track();
        async move { api::list(town, which, &f, None).await }
    });
    // The view is in the address: a copied link opens the same list.
    let navigate = crate::router::use_navigate();
    Effect::new(move |_| {
        let url = format!("/staff/{town}?{}", super::address::query(tab.get(), &filter.get()));
        navigate(&url, crate::router::NavigateOptions { replace: true, scroll: false });
    });
    // The filter as applied is saved for the next sign-in (cleared: deleted).
    let save = Action::new_local(move |f: &Option<RequestFilter>| {
        let f = f.clone();
        async move {
            match f {
                Some(f) => api::save_filter(&f).await.map(|_| ()),
                None => api::clear_filter().await,
            }
        }
    });
    let more = Action::new_local(move |after: &String| {
        let (which, f, after) = (tab.get_untracked(), filter.get_untracked(), after.clone());
        async move { api::list(town, which, &f, Some(&after)).await.map(|page| (after, page)) }
    });
    shown_failures(err, save, more, list);
    let on_apply = Callback::new(move |f: RequestFilter| {
        // Applied or cleared, the panel closes on the list it gives; a new sort leaves it be.
        filter_open.set(false);
        filter.set(f.clone());
        save.dispatch(Some(f));
    });
    let on_clear = Callback::new(move |sort: SortKey| {
        filter_open.set(false);
        filter.set(RequestFilter { sort, ..Default::default() });
        save.dispatch(None);
    });
    let on_sort = Callback::new(move |key: SortKey| {
        filter.update(|f| f.sort = key);
        save.dispatch(Some(filter.get_untracked()));
    });
    let counts = Signal::derive(move || list.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).and_then(|p| p.counts)));
    let next = move || list.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).and_then(|p| p.next_cursor.clone()));
    // Loading again (the rows shown stay until the answer comes), or loading more.
    let reloading = RwSignal::new(false);
    let loading = move || reloading.get() || more.pending().get();
    view! {
        <Tabs tab counts/>
        <SortBar filter on_sort reload/>
        {move || view! { <FilterPanel current=filter.get() names open=filter_open on_apply on_clear/> }}
        {move || err.get().map(|e| view! { <ErrorBox err=e/> })}
        <div role="tabpanel" id="list-panel" aria-labelledby=move || tab_id(tab.get())>
            <Transition fallback=Loading set_pending=reloading>
                {move || list.get().map(|page| page.err().map(|e| view! { <ErrorBox err=e/> }))}
                <RequestTable town list names err/>
            </Transition>
        </div>
        <Show when=loading><Loading/></Show>
        {move || next().filter(|_| !more.pending().get()).map(|after| view! {
            <button type="button" class="secondary more" on:click=move |_| { more.dispatch(after.clone()); }>{t("staff.more")}</button>
        })}
    }
}

/// The actions' failures are the list's error; "more" adds its page to the list when the
/// page it continues is still the one shown (the tab or filter may have changed meanwhile).
fn shown_failures(
    err: RwSignal<Option<Problem>>,
    save: Action<Option<RequestFilter>, Res<()>>,
    more: Action<String, Res<(String, civis_domain::wire::RequestPage)>>,
    list: LocalResource<Res<civis_domain::wire::RequestPage>>,
) {
    Effect::new(move |_| {
        if let Some(Err(e)) = save.value().get() {
            err.set(Some(e));
        }
    });
    Effect::new(move |_| match more.value().get() {
        Some(Ok((after, page))) => list.update(|shown| {
            if let Some(Ok(shown)) = shown
                && shown.next_cursor.as_deref() == Some(after.as_str())
            {
                shown.items.extend(page.items);
                shown.next_cursor = page.next_cursor;
            }
        }),
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = list.get() {
            err.set(None);
        }
    });
}

/// The three tabs with their counts and, in the open ones, the late work ("· 5 en retard").
#[component]
fn Tabs(tab: RwSignal<Tab>, counts: Signal<Option<TabCounts>>) -> impl IntoView {
    let i = use_i18n();
    let count = move |c: Option<Count>| {
        c.map(|c| {
            let n = format::number(c.value as f64, i.locale());
            if c.capped { format!("{n}+") } else { n }
        })
        .unwrap_or_default()
    };
    let tab_button = move |key: Tab, label: &'static str| {
        let n = move || {
            counts.get().map(|c| match key {
                Tab::NotTransferred => c.not_transferred,
                Tab::Open => c.open,
                Tab::Closed => c.closed,
            })
        };
        let late = move || {
            counts.get().and_then(|c| match key {
                Tab::NotTransferred => Some(c.overdue.not_transferred),
                Tab::Open => Some(c.overdue.open),
                Tab::Closed => None,
            })
        };
        view! {
            <button type="button" role="tab" class="tab" id=tab_id(key) aria-controls="list-panel"
                    aria-selected=move || (tab.get() == key).to_string()
                    tabindex=move || if tab.get() == key { "0" } else { "-1" }
                on:click=move |_| tab.set(key)>
                {t(label)}" "<span class="count">{move || count(n())}</span>
                {move || late().filter(|c| c.value > 0).map(|c| view! {
                    " "<span class="late-count">{format!("· {} {}", count(Some(c)), i.t("late.count"))}</span>
                })}
            </button>
        }
    };
    view! {
        <div role="tablist" class="tabs" on:keydown=crate::components::tab_keys aria-label=t("staff.tabs")>
            {tab_button(Tab::NotTransferred, "tab.not_transferred")}
            {tab_button(Tab::Open, "tab.open")}
            {tab_button(Tab::Closed, "tab.closed")}
        </div>
    }
}

/// A tab's element id (the list's panel is labelled by the selected one).
fn tab_id(which: Tab) -> &'static str {
    match which {
        Tab::NotTransferred => "list-tab-not-transferred",
        Tab::Open => "list-tab-open",
        Tab::Closed => "list-tab-closed",
    }
}

/// The sort and "refresh".
#[component]
fn SortBar(filter: RwSignal<RequestFilter>, on_sort: Callback<SortKey>, reload: RwSignal<u32>) -> impl IntoView {
    let sorts = [
        (SortKey::Created, "sort.created"),
        (SortKey::Due, "sort.due"),
        (SortKey::Priority, "sort.priority"),
        (SortKey::Department, "sort.department"),
    ];
    let wire = |k: SortKey| serde_json::to_value(k).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    view! {
        <div class="toolbar">
            <label class="inline" for="sort">{t("staff.sort")}</label>
            <select id="sort" on:change=move |ev| {
                let key: Option<SortKey> = serde_json::from_value(serde_json::Value::String(event_target_value(&ev))).ok();
                if let Some(key) = key {
                    on_sort.run(key);
                }
            }>
                {sorts.into_iter().map(|(k, label)| view! {
                    <option value=wire(k) selected=move || filter.with(|f| f.sort) == k>{t(label)}</option>
                }).collect_view()}
            </select>
            <button type="button" class="secondary" on:click=move |_| reload.update(|n| *n += 1)>{t("staff.refresh")}</button>
        </div>
    }
}
