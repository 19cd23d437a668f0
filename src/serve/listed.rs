//! The plans of a day's list, kept as the server's own plans: each row's plan has a page, the
//! one link its calendar and e-mail carry (as a hand-over's do), so a patient e-mailed from a
//! list can report a setback, print the handout or delete the plan. The same row of a list
//! sent again (the same patient id and appointment start) is the same plan, and its e-mail is
//! claimed with the plan's own send-once claim: a list uploaded twice is not e-mailed twice.

use chrono::{DateTime, Utc};

use super::App;
use super::plans::uid_seed;
use super::seal::ServerKey;
use super::token::Token;
use crate::deliver::batch::{Keeper, Kept};
use crate::i18n::Lang;
use crate::input::rows::Row;
use crate::units::week::TimeStyle;

/// Keeps a day's list's rows as the server's plans, made (or updated) at `now`; their
/// e-mails are claimed when they are sent.
pub(crate) struct ListKeeper<'a> {
    app: &'a App,
    key: ServerKey,
    style: TimeStyle,
    /// The list's language, for the rows that do not say theirs.
    lang: Lang,
    now: DateTime<Utc>,
}

impl<'a> ListKeeper<'a> {
    /// The keeper of `app`'s day lists, whose times read as `style` and whose rows are in
    /// `lang` unless they say theirs; `None` when the database has no server key (it always
    /// has one once open).
    pub(crate) fn new(
        app: &'a App,
        style: TimeStyle,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Option<Self> {
        let key = app.db.sealing().ok()?.clone();
        Some(ListKeeper {
            app,
            key,
            style,
            lang,
            now,
        })
    }
}

impl Keeper for ListKeeper<'_> {
    fn keep(&self, row: &Row<'_>) -> Result<Kept, (&'static str, String)> {
        // The plan keeps the row's language (else the list's): its page, feed and follow-ups
        // speak it, as its calendar and e-mail do.
        let request = row.request(self.style, self.lang).ok_or((
            "habits",
            "a day's list at the desk cannot name habits files".to_string(),
        ))?;
        let secret = self.key.list_row(row.id, row.appointment.start.timestamp());
        let plans = &self.app.plans;
        let loaded = plans
            .keep_listed(Token::from_secret(secret), request, self.now)
            .map_err(|e| ("", format!("the plan could not be kept: {e}")))?;
        Ok(Kept {
            page: plans.page_url(&loaded.token),
            uid_seed: uid_seed(&loaded.token),
            handle: loaded.token.as_str().to_string(),
        })
    }

    fn claim(&self, kept: &Kept, address: &str) -> Result<Option<DateTime<Utc>>, String> {
        let token = Token::parse(&kept.handle).ok_or("a kept plan's handle is not a token")?;
        self.app
            .plans
            .claim_sent(&token, address, Utc::now())
            .map_err(|e| e.to_string())
    }

    fn release(&self, kept: &Kept) {
        if let Some(token) = Token::parse(&kept.handle)
            && let Err(err) = self.app.plans.release_sent(&token)
        {
            eprintln!("aftercare serve: a day's list's e-mail claim stays taken: {err}");
        }
    }
}
