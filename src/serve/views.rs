//! The view models of the web app's pages: what each template (`src/serve/templates/`) shows,
//! every word already in the page's language. The handlers in `pages` read the request and
//! call the library; these turn a plan into what a page says; askama escapes every text
//! (the few fields marked `|safe` in a template are HTML built and escaped here).

use askama::Template;

use super::App;
use crate::i18n::Lang;

/// What every page shares (`base.html`): its language, title, the clinic's name and logo on
/// top, and the language switch.
pub(crate) struct Frame {
    pub(crate) lang: Lang,
    pub(crate) title: String,
    brand: String,
    logo: bool,
    switch: Vec<Switch>,
    /// Where the switch posts (a plan's page changes the plan's language); `None`: links.
    switch_action: Option<String>,
}

/// One language of the switch, named in itself.
struct Switch {
    tag: &'static str,
    name: &'static str,
    current: bool,
}

impl Frame {
    /// A page of `app` (its clinic's name and logo on top) titled `title`, in `lang`.
    pub(crate) fn of(app: &App, lang: Lang, title: String) -> Self {
        let clinic = app.plans.clinic();
        Frame {
            lang,
            title,
            brand: clinic.map_or_else(|| lang.t("page-brand"), |c| c.name),
            logo: app.plans.logo().is_some(),
            switch: Vec::new(),
            switch_action: None,
        }
    }

    /// A page that says one thing, without the clinic's name (errors, refusals).
    pub(crate) fn bare(lang: Lang, title: String) -> Self {
        Frame {
            lang,
            title,
            brand: lang.t("page-brand"),
            logo: false,
            switch: Vec::new(),
            switch_action: None,
        }
    }

    /// The page with the language switch: links that load it in another language, or, with
    /// `action`, a form that changes the plan's language there.
    pub(crate) fn switching(mut self, action: Option<String>) -> Self {
        self.switch = Lang::ALL
            .into_iter()
            .map(|l| Switch {
                tag: l.tag(),
                name: l.own_name(),
                current: l == self.lang,
            })
            .collect();
        self.switch_action = action;
        self
    }

    /// The page's message `id`, in its language.
    pub(crate) fn t(&self, id: &str) -> String {
        self.lang.t(id)
    }
}

/// Renders a page. A template cannot fail but by a broken `Display`, which none of ours has:
/// were it to happen, the failure is logged and the page is empty rather than the server down.
pub(crate) fn render(page: &impl Template) -> String {
    page.render().unwrap_or_else(|err| {
        eprintln!("aftercare serve: a page failed to render: {err}");
        String::new()
    })
}

/// A short page that says one thing.
#[derive(Template)]
#[template(path = "message.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Message<'a> {
    pub(crate) frame: Frame,
    pub(crate) message: &'a str,
    /// Where the page leads on, and the link's words.
    pub(crate) href: &'static str,
    pub(crate) label: String,
}

/// "Delete your plan?".
#[derive(Template)]
#[template(path = "delete.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Delete<'a> {
    pub(crate) frame: Frame,
    pub(crate) token: &'a str,
}

/// An option of a list or a box to tick: its value, its label, and whether it is chosen.
pub(crate) struct Choice {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) on: bool,
}

/// A workout row of the form.
pub(crate) struct WorkoutRow {
    /// The row's field prefix (`w0`).
    pub(crate) name: String,
    pub(crate) legend: String,
    pub(crate) days: Vec<Choice>,
    pub(crate) time: String,
    pub(crate) minutes: String,
    pub(crate) activity: String,
}

/// The desk's part of the hand-over form.
pub(crate) struct DeskPart {
    pub(crate) token: String,
    pub(crate) consent: String,
    /// Each language's tag, own name, and whether it is the patient's.
    pub(crate) languages: Vec<(&'static str, &'static str, bool)>,
}

/// The catalogue ids of the form's words that differ between the patient's form and the
/// desk's (which speaks to staff about the patient).
pub(crate) struct Words {
    pub(crate) appointment: &'static str,
    pub(crate) week: &'static str,
    pub(crate) calendar: &'static str,
    pub(crate) sweat: &'static str,
    pub(crate) fold: &'static str,
    pub(crate) ask: &'static str,
}

/// The patient's form's words.
pub(crate) const PATIENT_WORDS: Words = Words {
    appointment: "form-appointment",
    week: "form-week",
    calendar: "form-calendar",
    sweat: "form-sweat",
    fold: "form-fold",
    ask: "form-fold-ask",
};

/// The desk's form's words.
pub(crate) const STAFF_WORDS: Words = Words {
    appointment: "desk-form-appointment",
    week: "desk-form-week",
    calendar: "desk-form-calendar",
    sweat: "desk-form-sweat",
    fold: "desk-form-fold",
    ask: "desk-form-ask",
};

/// The form: the patient's, or the desk's hand-over form.
#[derive(Template)]
#[template(path = "form.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Form<'a> {
    pub(crate) frame: Frame,
    pub(crate) problems: Vec<(Option<&'a str>, &'a str)>,
    pub(crate) desk: Option<DeskPart>,
    pub(crate) s: &'a super::pages::FormState,
    pub(crate) words: &'static Words,
    /// The zone select, as HTML (400 options, escaped).
    pub(crate) zones: String,
    pub(crate) areas: Vec<Choice>,
    pub(crate) products: Vec<Choice>,
    pub(crate) workouts: Vec<WorkoutRow>,
    pub(crate) activities: Vec<Choice>,
    pub(crate) sweat: Vec<Choice>,
    pub(crate) protocols: Vec<Choice>,
}

/// One day of the day-by-day view.
pub(crate) struct DayView {
    pub(crate) label: String,
    /// The date, when the label is a word ("Tomorrow").
    pub(crate) date: Option<String>,
    pub(crate) today: bool,
    /// The limits in force, as one list.
    pub(crate) avoid: String,
    pub(crate) nothing: bool,
    pub(crate) entries: Vec<EntryView>,
}

/// One entry of a day.
pub(crate) struct EntryView {
    pub(crate) class: &'static str,
    pub(crate) time: String,
    pub(crate) title: String,
    pub(crate) text: String,
}

/// The day-by-day view (the plan's page, the desk's hand-over page).
#[derive(Template)]
#[template(path = "days.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Days {
    pub(crate) lang: Lang,
    pub(crate) days: Vec<DayView>,
    /// How many of the first days are past (folded away).
    pub(crate) past: usize,
    pub(crate) earlier: String,
}

/// A form's fields: their errors, what was typed in them (kept), and the first in error (it
/// gets the focus).
pub(crate) struct Fields<'a> {
    pub(crate) errors: &'a std::collections::HashMap<&'a str, String>,
    pub(crate) typed: &'a std::collections::HashMap<&'a str, String>,
    pub(crate) first: Option<&'a str>,
}

impl Fields<'_> {
    fn attrs(&self, name: &str) -> String {
        let typed = self.typed.get(name).map(String::as_str);
        super::pages::field_attrs(name, typed, self.errors.contains_key(name), self.first)
    }

    fn error(&self, name: &str) -> String {
        super::pages::field_error(name, self.errors.get(name).map(String::as_str))
    }
}

/// The plan's page.
#[derive(Template)]
#[template(path = "plan.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct PlanPage<'a> {
    pub(crate) frame: Frame,
    pub(crate) problems: Vec<(Option<&'a str>, &'a str)>,
    pub(crate) lede: String,
    pub(crate) intro: Option<String>,
    pub(crate) notes: Vec<String>,
    /// "You exercised at …" and what was done.
    pub(crate) exercised: Option<(String, Option<String>)>,
    pub(crate) token: &'a str,
    pub(crate) webcal: String,
    pub(crate) feed: String,
    /// The Outlook.com line, as HTML.
    pub(crate) outlook: String,
    pub(crate) qr: String,
    pub(crate) followups: String,
    pub(crate) warnings: String,
    pub(crate) timeline: String,
    pub(crate) days: String,
    pub(crate) report: Fields<'a>,
    pub(crate) footer: String,
}

/// The warning signs, as lists.
#[derive(Template)]
#[template(path = "warnings.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Warnings {
    pub(crate) lang: Lang,
    /// Each group's heading and its signs, as HTML (escaped, the emergency number a link).
    pub(crate) groups: Vec<(String, Vec<String>)>,
    pub(crate) note: Option<String>,
}

/// Guidance, the clinic's contact and sign-off, and where the advice comes from.
#[derive(Template)]
#[template(path = "footer.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Footer<'a> {
    pub(crate) guidance: &'a str,
    /// The clinic's line, as HTML (escaped, numbers and website links).
    pub(crate) contact: Option<String>,
    pub(crate) sign_off: Option<&'a str>,
    pub(crate) provenance: Vec<String>,
}

/// The plan page's follow-up e-mails: the consent form, or that they are on.
#[derive(Template)]
#[template(path = "followups.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct FollowUps<'a> {
    pub(crate) heading: &'a str,
    /// What the page says when they are on.
    pub(crate) on: Option<&'a str>,
    pub(crate) token: &'a str,
    pub(crate) hint: &'a str,
    pub(crate) email_label: String,
    /// The address typed, kept when the form came back.
    pub(crate) email: &'a str,
    pub(crate) email_error: Option<&'a str>,
    pub(crate) consent: &'a str,
    pub(crate) consent_error: Option<&'a str>,
    pub(crate) button: &'a str,
}

/// The unsubscribe link opened: the button that stops the e-mails.
#[derive(Template)]
#[template(path = "stop.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Stop<'a> {
    pub(crate) frame: Frame,
    pub(crate) ask: &'a str,
    pub(crate) token: &'a str,
    pub(crate) button: &'a str,
}

/// The handout's text (measured to choose its print size, then framed by [`Handout`]).
#[derive(Template)]
#[template(path = "handout-body.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct HandoutBody {
    pub(crate) lang: Lang,
    pub(crate) lede: String,
    pub(crate) qr: String,
    pub(crate) url: String,
    /// "Until …:" and the titles of the windows that end then.
    pub(crate) avoid: Vec<(String, String)>,
    /// "From …: title." and the stage's advice.
    pub(crate) stages: Vec<(String, String)>,
    /// The workouts that change ("Fri 4 Dec 18:00: Running → 20 min walk").
    pub(crate) sessions: Vec<String>,
    /// The workouts kept as usual, named once.
    pub(crate) kept: Option<String>,
    /// The check-ins and the follow-up, when and what.
    pub(crate) checks: Vec<String>,
    pub(crate) warnings: String,
    pub(crate) footer: String,
}

/// The printable handout.
#[derive(Template)]
#[template(path = "handout.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Handout {
    pub(crate) frame: Frame,
    pub(crate) density: &'static str,
    pub(crate) body: String,
}

// ---------------------------------------------------------------------------------------------
// The front desk's pages: each under the desk's menu (`desk.html`), in the desk's language.

/// The desk's menu: the settings for an admin, and signing out.
pub(crate) struct Nav {
    pub(crate) admin: bool,
    pub(crate) form_token: String,
    pub(crate) sign_out: String,
}

/// Signing in.
#[derive(Template)]
#[template(path = "signin.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct SignIn<'a> {
    pub(crate) frame: Frame,
    pub(crate) error: Option<&'a str>,
    pub(crate) token: &'a str,
}

/// The desk's first page.
#[derive(Template)]
#[template(path = "desk-home.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct DeskHome {
    pub(crate) frame: Frame,
    pub(crate) nav: Nav,
    pub(crate) signed_in: String,
    /// The menu's lines, by catalogue id (each holds its link).
    pub(crate) menu: Vec<&'static str>,
}

/// One's own password.
#[derive(Template)]
#[template(path = "password.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Password<'a> {
    pub(crate) frame: Frame,
    pub(crate) nav: Nav,
    pub(crate) note: Option<&'a str>,
    pub(crate) error: Option<&'a str>,
}

/// A plan handed over: its QR code, its page, sending it, and the plan.
#[derive(Template)]
#[template(path = "handed.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Handed<'a> {
    pub(crate) frame: Frame,
    pub(crate) nav: Nav,
    pub(crate) heading: String,
    pub(crate) note: Option<&'a str>,
    pub(crate) error: Option<&'a str>,
    pub(crate) qr: String,
    pub(crate) page: String,
    /// What the desk is told when the plan is not in its language.
    pub(crate) language: Option<String>,
    pub(crate) mail: bool,
    pub(crate) token: &'a str,
    pub(crate) email: &'a str,
    pub(crate) patient: Lang,
    pub(crate) timeline: String,
    pub(crate) days: String,
}

/// The suggested times, best first: when, why, and the hand-over form's query to book it.
pub(crate) struct Found {
    pub(crate) slots: Vec<(String, String, String)>,
    pub(crate) notes: Vec<String>,
    /// The reasons are English only: said when the desk's language is another.
    pub(crate) english_only: bool,
}

/// Suggesting a time.
#[derive(Template)]
#[template(path = "suggest.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Suggest<'a> {
    pub(crate) frame: Frame,
    pub(crate) nav: Nav,
    pub(crate) problems: Vec<(Option<&'a str>, &'a str)>,
    pub(crate) heading: String,
    pub(crate) from: &'a str,
    pub(crate) to: &'a str,
    pub(crate) zones: String,
    pub(crate) clinic_hours: &'a str,
    pub(crate) minutes: &'a str,
    pub(crate) protect: String,
    pub(crate) workouts: String,
    pub(crate) sweat: Vec<Choice>,
    pub(crate) found: Option<Found>,
}

impl Suggest<'_> {
    /// A field's `id`, and what ties it to the problem when it is the one in error.
    fn attr(&self, name: &str) -> String {
        let mut out = format!(" id=\"{name}\"");
        if self.problems.iter().any(|(f, _)| *f == Some(name)) {
            out.push_str(" aria-invalid=\"true\" aria-describedby=\"error-summary-h\" autofocus");
        }
        out
    }
}

/// The clinic's settings.
#[derive(Template)]
#[template(path = "settings.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Settings<'a> {
    pub(crate) frame: Frame,
    pub(crate) nav: Nav,
    pub(crate) problems: Vec<(Option<&'a str>, &'a str)>,
    pub(crate) heading: String,
    pub(crate) saved: Option<&'a str>,
    pub(crate) clinic: &'a str,
    pub(crate) logo: bool,
    pub(crate) protocol: &'a str,
    pub(crate) rows_label: String,
    pub(crate) day_list_rows: &'a str,
    pub(crate) max_rows: usize,
    pub(crate) fields: Fields<'a>,
}

/// A header of a kept list and what it may be read as.
pub(crate) struct ColumnView {
    pub(crate) header: String,
    pub(crate) choices: Vec<Choice>,
}

/// A list kept from an earlier upload, offered again.
pub(crate) struct AgainView {
    pub(crate) id: String,
    pub(crate) kept: String,
    pub(crate) columns: Vec<ColumnView>,
}

/// A day's list: the upload form.
#[derive(Template)]
#[template(path = "day.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Day<'a> {
    pub(crate) frame: Frame,
    pub(crate) nav: Nav,
    pub(crate) error: Option<&'a str>,
    pub(crate) again: Option<AgainView>,
    /// The date order chosen: `dmy`, `mdy`, or empty (refused).
    pub(crate) order: &'static str,
    /// The zone list's options (400 of them, escaped).
    pub(crate) zones: String,
    pub(crate) past: bool,
    /// The script's data, as JSON.
    pub(crate) labels: String,
    pub(crate) spellings: String,
    pub(crate) remembered: String,
}

/// One row of a day's results.
pub(crate) struct RowView {
    pub(crate) failed: bool,
    pub(crate) who: String,
    /// The plan's hand-over page, for a row done.
    pub(crate) handle: Option<String>,
    pub(crate) result: String,
    pub(crate) appointment: String,
}

/// Rows of a day's results, in file order.
#[derive(Template)]
#[template(path = "day-rows.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct DayRows {
    pub(crate) rows: Vec<RowView>,
}

/// After a day's rows: the counts, the zip, sending and deleting.
#[derive(Template)]
#[template(path = "day-summary.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct DaySummary<'a> {
    pub(crate) lang: Lang,
    pub(crate) counts: String,
    /// How many rows the booking says did not happen.
    pub(crate) not_held: Option<String>,
    pub(crate) emails: Option<String>,
    pub(crate) ignored: Option<String>,
    pub(crate) done: bool,
    pub(crate) mail: bool,
    pub(crate) id: &'a str,
    pub(crate) form_token: &'a str,
}

/// A day's results: its rows (as [`DayRows`] renders them) and the summary.
#[derive(Template)]
#[template(path = "day-results.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct DayResults {
    pub(crate) frame: Frame,
    pub(crate) nav: Nav,
    pub(crate) lede: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) rows: String,
    pub(crate) summary: String,
}

/// "Delete this list's plans?".
#[derive(Template)]
#[template(path = "erase.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Erase<'a> {
    pub(crate) frame: Frame,
    pub(crate) nav: Nav,
    pub(crate) text: String,
    pub(crate) yes: String,
    pub(crate) id: &'a str,
}

/// A list's plans deleted.
#[derive(Template)]
#[template(path = "erased.html", config = "src/serve/templates/askama.toml")]
pub(crate) struct Erased {
    pub(crate) frame: Frame,
    pub(crate) nav: Nav,
    pub(crate) text: String,
}
