//! One typed settings model: defaults < user values (`storage.sync`) < policy values
//! (`storage.managed`, set by IT). Every key is declared once in [`KEYS`]; the extension's
//! `managed_schema.json` is generated from that table (a test fails on drift). Bad input
//! from either layer is reported key by key and ignored — the lower layer's value stays,
//! so a malformed policy or import never loses a setting.

use crate::moderation::{AnalyzerConfig, Category};
use crate::nudges::gate::{Caps, GateSettings};
use crate::nudges::hints::HintId;
use crate::nudges::RuleId;
use crate::stats::StatsConfig;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Where a value came from; decides precedence and what the UI may lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    User,
    Policy,
}

#[derive(Clone, Copy, Debug)]
pub enum ValueKind {
    Bool,
    Choice(&'static [&'static str]),
    /// A list of match patterns (`https://intranet.example.com/*`).
    SitePatterns,
    /// A whole number within bounds.
    Integer {
        min: u32,
        max: u32,
    },
    /// A list of weekdays: "mon" … "sun".
    Weekdays,
    /// A daily window "HH:MM-HH:MM", local time.
    TimeRange,
    /// A list of calendar dates "YYYY-MM-DD".
    Dates,
    /// A list of short strings.
    Strings,
    /// An http(s) address, or "" for none.
    Url,
    /// One rule's on/off switch (`nudgeR01`, `hintH1`, `moderationInsult`): a boolean
    /// kept with the others in [`Settings::switches`], so that adding a rule is one
    /// table entry.
    Switch,
    /// Policy only: an upper bound per `Integer` key (`{"tipsPerDay": 2}`).
    Maxima,
    /// Page profiles for other intranet tools: a JSON array as text (GPO and Intune
    /// take complex values as text anyway), checked by `adapters::profile`.
    Profiles,
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// The longest entry of a `Strings` list (a login or a display name).
const MAX_STRING: usize = 256;

pub struct KeyDef {
    pub name: &'static str,
    pub kind: ValueKind,
    pub title: &'static str,
    pub description: &'static str,
}

/// The longest list a policy or import may set: IT lists can be long, but a list of a
/// million entries is an error, not a configuration.
pub const MAX_LIST: usize = 1000;

pub const KEYS: &[KeyDef] = &[
    KeyDef {
        name: "enabled",
        kind: ValueKind::Bool,
        title: "Animateur enabled",
        description: "Global switch. When false, Animateur shows nothing on any page.",
    },
    KeyDef {
        name: "language",
        kind: ValueKind::Choice(&["auto", "fr", "en"]),
        title: "Language",
        description: "Language of everything Animateur shows: 'auto' follows the browser, or force 'fr' (French) or 'en' (English).",
    },
    KeyDef {
        name: "sites",
        kind: ValueKind::SitePatterns,
        title: "Intranet sites",
        description: "Match patterns of the intranet pages Animateur reads, e.g. 'https://contoso.sharepoint.com/*'. Animateur does nothing on any other page.",
    },
    KeyDef {
        name: "businessDays",
        kind: ValueKind::Weekdays,
        title: "Working days",
        description: "Days counted as working time in response delays, e.g. ['mon','tue','wed','thu','fri'].",
    },
    KeyDef {
        name: "businessHours",
        kind: ValueKind::TimeRange,
        title: "Working hours",
        description: "Daily working window in local time, 'HH:MM-HH:MM' (e.g. '08:30-18:30'). Response delays count only this time.",
    },
    KeyDef {
        name: "holidays",
        kind: ValueKind::Dates,
        title: "Public holidays",
        description: "Closed days not counted in response delays, as 'YYYY-MM-DD'.",
    },
    KeyDef {
        name: "slaHours",
        kind: ValueKind::Integer { min: 1, max: 720 },
        title: "Expected response time (working hours)",
        description: "A thread should get a first response within this many working hours; used for 'answered in time' and 'waiting for a response'.",
    },
    KeyDef {
        name: "staff",
        kind: ValueKind::Strings,
        title: "Community staff",
        description: "Owners and moderators (logins, e-mail addresses or display names). Their replies count as responses; they are left out of participation figures when 'excludeStaff' is on.",
    },
    KeyDef {
        name: "excludeStaff",
        kind: ValueKind::Bool,
        title: "Leave staff out of participation figures",
        description: "When true, staff are not counted as contributors (contributors, concentration, participation profile).",
    },
    KeyDef {
        name: "draftHints",
        kind: ValueKind::Bool,
        title: "Hints while writing",
        description: "On the configured sites, highlight possible insults, threats, personal data and similar in comments and replies being written, and offer to review before posting. Drafts are analysed in the browser only and never stored or sent.",
    },
    KeyDef {
        name: "communityManager",
        kind: ValueKind::Bool,
        title: "Community-manager tools",
        description: "When true, the panel also lists published messages worth a second look (personal data, insults, threats, heated threads), content-level only. Off by default.",
    },
    KeyDef {
        name: "rest",
        kind: ValueKind::Bool,
        title: "Read comments through SharePoint's API",
        description: "When true, Animateur also asks the page's own site (same origin, the user's session) for the page's complete comment list; when false it reads only what the page shows. No other host is ever contacted.",
    },
    KeyDef {
        name: "tips",
        kind: ValueKind::Bool,
        title: "Participation tips",
        description: "One global switch for the employee tips (a question waiting for a first reply, a reply to thank…). At most one per page view, only in working hours, always dismissible; the history they need stays in the browser.",
    },
    KeyDef {
        name: "charterUrl",
        kind: ValueKind::Url,
        title: "Community charter",
        description: "Address of the community's rules (http or https). When set, an employee about to contribute for the first time on a site is offered a link to it (tip R07). Empty: no such tip.",
    },
    KeyDef {
        name: "tipsExcludedSites",
        kind: ValueKind::SitePatterns,
        title: "Sites without tips",
        description: "Match patterns of pages where no tip is ever shown (figures and hints while writing still work there).",
    },
    KeyDef {
        name: "tipsPerView",
        kind: ValueKind::Integer { min: 0, max: 3 },
        title: "Tips per page view",
        description: "The most tips shown in one view of a page (0 shows none).",
    },
    KeyDef {
        name: "tipsPerDay",
        kind: ValueKind::Integer { min: 0, max: 20 },
        title: "Tips per day",
        description: "The most tips shown in any 24 hours, all pages together.",
    },
    KeyDef {
        name: "tipsPerWeek",
        kind: ValueKind::Integer { min: 0, max: 50 },
        title: "Tips per week",
        description: "The most tips shown in any 7 days, all pages together.",
    },
    KeyDef {
        name: "tipsGapMinutes",
        kind: ValueKind::Integer { min: 0, max: 1440 },
        title: "Minutes between tips",
        description: "The shortest time between two tips.",
    },
    KeyDef {
        name: "moderationMinSeverity",
        kind: ValueKind::Integer { min: 1, max: 3 },
        title: "Least severity shown",
        description: "Hints while writing and the community-manager review show findings of this severity or more: 1 everything (mild wording included), 2 clear problems, 3 severe ones only.",
    },
    KeyDef {
        name: "confidentialTerms",
        kind: ValueKind::Strings,
        title: "Confidential terms",
        description: "Project code names, customer names and other words that should not appear in posts, matched as whole words ignoring case and accents. Checked in the browser only; the list is never sent anywhere.",
    },
    KeyDef {
        name: "moderationInsult",
        kind: ValueKind::Switch,
        title: "Check for insults",
        description: "Hints while writing and the community-manager review point out insults.",
    },
    KeyDef {
        name: "moderationThreat",
        kind: ValueKind::Switch,
        title: "Check for threats",
        description: "Hints while writing and the community-manager review point out threats.",
    },
    KeyDef {
        name: "moderationProfanity",
        kind: ValueKind::Switch,
        title: "Check for vulgar words",
        description: "Hints while writing and the community-manager review point out vulgar words.",
    },
    KeyDef {
        name: "moderationIdentityAttack",
        kind: ValueKind::Switch,
        title: "Check for attacks on identity",
        description: "Hints while writing and the community-manager review point out attacks on a group (origin, religion, gender, disability…).",
    },
    KeyDef {
        name: "moderationPossibleDefamation",
        kind: ValueKind::Switch,
        title: "Check for possible defamation",
        description: "Hints while writing and the community-manager review point out accusations of a named person or company that could be defamatory.",
    },
    KeyDef {
        name: "moderationPersonalData",
        kind: ValueKind::Switch,
        title: "Check for personal data",
        description: "Hints while writing and the community-manager review point out e-mail addresses, phone numbers, IBANs, social security and card numbers.",
    },
    KeyDef {
        name: "moderationConfidential",
        kind: ValueKind::Switch,
        title: "Check for confidential markers",
        description: "Hints while writing and the community-manager review point out confidentiality markers ('confidentiel', 'internal only'…) and the configured confidential terms.",
    },
    KeyDef {
        name: "moderationShouting",
        kind: ValueKind::Switch,
        title: "Check for shouting",
        description: "Hints while writing point out text in capitals and runs of exclamation marks.",
    },
    KeyDef {
        name: "moderationUnreadable",
        kind: ValueKind::Switch,
        title: "Check for hard-to-read text",
        description: "Hints while writing point out SMS spelling and strings of letters that are not words.",
    },
    KeyDef {
        name: "customProfiles",
        kind: ValueKind::Profiles,
        title: "Page profiles for other intranet tools",
        description: "A JSON array, as text, of page profiles in the format of Animateur's built-in profiles.json: how to recognise another tool's pages (detect) and read their threads, posts, authors, dates and likes (CSS selectors). Tried after the built-in SharePoint profiles. At most 20 profiles; each is checked (unknown fields, selectors, regular expressions) and refused whole if bad. Empty: none.",
    },
    KeyDef {
        name: "maxima",
        kind: ValueKind::Maxima,
        title: "Upper bounds (organization only)",
        description: "Set by IT policy only: the highest value a user may choose for a number setting, e.g. {\"tipsPerDay\": 2}. A user value above it is lowered to it; the user's stored value is kept.",
    },
    KeyDef {
        name: "nudgeR01",
        kind: ValueKind::Switch,
        title: "Tip R01: be the first to answer",
        description: "Employee tip R01, shown when a question still waiting for its first reply. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR02",
        kind: ValueKind::Switch,
        title: "Tip R02: welcome a newcomer",
        description: "Employee tip R02, shown when a newcomer's thread has no reply yet (only where the page shows who is new). Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR03",
        kind: ValueKind::Switch,
        title: "Tip R03: close the thank-you loop",
        description: "Employee tip R03, shown when someone replied to the viewer and the viewer has neither liked nor answered that reply. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR04",
        kind: ValueKind::Switch,
        title: "Tip R04: mark the best reply",
        description: "Employee tip R04, shown when the viewer's own question has a liked reply or two replies and no best reply. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR05",
        kind: ValueKind::Switch,
        title: "Tip R05: revive your own question",
        description: "Employee tip R05, shown when the viewer's own question has no reply after 48 working hours. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR06",
        kind: ValueKind::Switch,
        title: "Tip R06: ask well",
        description: "Employee tip R06, shown while someone writes a new question whose title or text is short, or which has no question mark. The draft is read in the browser and never kept. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR07",
        kind: ValueKind::Switch,
        title: "Tip R07: the community's rules at a first contribution",
        description: "Employee tip R07, shown when someone starts writing on a site where they have not contributed yet and 'charterUrl' is set. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR09",
        kind: ValueKind::Switch,
        title: "Tip R09: someone answered you",
        description: "Employee tip R09, shown when a reply to the viewer arrived since their last visit. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR10",
        kind: ValueKind::Switch,
        title: "Tip R10: add a perspective",
        description: "Employee tip R10, shown when a discussion with several messages from only one or two people. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR11",
        kind: ValueKind::Switch,
        title: "Tip R11: a like is a thanks",
        description: "Employee tip R11, shown when the viewer comes back to a page where they have never liked anything. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR14",
        kind: ValueKind::Switch,
        title: "Tip R14: your contribution helped",
        description: "Employee tip R14, shown when the viewer's reply got likes or was marked best since their last visit. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR15",
        kind: ValueKind::Switch,
        title: "Tip R15: tidy your old question",
        description: "Employee tip R15, shown when the viewer's own question is a month old and has no best reply. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR16",
        kind: ValueKind::Switch,
        title: "Tip R16: ask someone specific",
        description: "Employee tip R16, shown when the viewer's own question has no reply after 72 working hours and the community's staff are known. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR17",
        kind: ValueKind::Switch,
        title: "Tip R17: answer your readers",
        description: "Employee tip R17, shown when the viewer's news page has comments by others and no answer from them. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR19",
        kind: ValueKind::Switch,
        title: "Tip R19: reply instead of duplicating",
        description: "Employee tip R19, shown while someone writes a new thread whose title is close to a thread already on the page; its button shows that thread. The draft is read in the browser and never kept. Needs 'tips' on.",
    },
    KeyDef {
        name: "nudgeR20",
        kind: ValueKind::Switch,
        title: "Tip R20: catch up",
        description: "Employee tip R20, shown when three or more messages are new since the viewer's last visit. Needs 'tips' on.",
    },
    KeyDef {
        name: "hintH1",
        kind: ValueKind::Switch,
        title: "Community-manager hint H1: unanswered queue",
        description: "Hint H1 in the community-manager panel (content level, never names). Needs 'communityManager' on.",
    },
    KeyDef {
        name: "hintH2",
        kind: ValueKind::Switch,
        title: "Community-manager hint H2: newcomer waiting",
        description: "Hint H2 in the community-manager panel (content level, never names). Needs 'communityManager' on.",
    },
    KeyDef {
        name: "hintH3",
        kind: ValueKind::Switch,
        title: "Community-manager hint H3: put people in the spotlight",
        description: "Hint H3 in the community-manager panel (content level, never names). Needs 'communityManager' on.",
    },
    KeyDef {
        name: "hintH4",
        kind: ValueKind::Switch,
        title: "Community-manager hint H4: few voices",
        description: "Hint H4 in the community-manager panel (content level, never names). Needs 'communityManager' on.",
    },
    KeyDef {
        name: "hintH5",
        kind: ValueKind::Switch,
        title: "Community-manager hint H5: heated thread",
        description: "Hint H5 in the community-manager panel (content level, never names). Needs 'communityManager' on.",
    },
    KeyDef {
        name: "hintH6",
        kind: ValueKind::Switch,
        title: "Community-manager hint H6: personal or confidential data",
        description: "Hint H6 in the community-manager panel (content level, never names). Needs 'communityManager' on.",
    },
    KeyDef {
        name: "hintH7",
        kind: ValueKind::Switch,
        title: "Community-manager hint H7: dormant space",
        description: "Hint H7 in the community-manager panel (content level, never names). Needs 'communityManager' on.",
    },
    KeyDef {
        name: "hintH8",
        kind: ValueKind::Switch,
        title: "Community-manager hint H8: connect people",
        description: "Hint H8 in the community-manager panel (content level, never names). Needs 'communityManager' on.",
    },
    KeyDef {
        name: "hintH9",
        kind: ValueKind::Switch,
        title: "Community-manager hint H9: author silent",
        description: "Hint H9 in the community-manager panel (content level, never names). Needs 'communityManager' on.",
    },
    KeyDef {
        name: "hintH10",
        kind: ValueKind::Switch,
        title: "Community-manager hint H10: best reply missing",
        description: "Hint H10 in the community-manager panel (content level, never names). Needs 'communityManager' on.",
    },
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub enabled: bool,
    pub language: String,
    pub sites: Vec<String>,
    pub business_days: Vec<String>,
    pub business_hours: String,
    pub holidays: Vec<String>,
    pub sla_hours: u32,
    pub staff: Vec<String>,
    pub exclude_staff: bool,
    pub draft_hints: bool,
    pub community_manager: bool,
    /// Same-origin SharePoint REST reading of a page's comments.
    pub rest: bool,
    pub tips: bool,
    pub tips_excluded_sites: Vec<String>,
    pub tips_per_view: u32,
    pub tips_per_day: u32,
    pub tips_per_week: u32,
    pub tips_gap_minutes: u32,
    /// The community's rules, for tip R07; empty when none is configured.
    pub charter_url: String,
    pub moderation_min_severity: u32,
    pub confidential_terms: Vec<String>,
    /// IT's upper bounds on number settings, already applied to the values above.
    pub maxima: BTreeMap<String, u32>,
    /// `customProfiles`: validated when set, parsed where pages are read.
    pub custom_profiles: String,
    /// Every rule's switch by key (`nudgeR01`: on), serialised beside the other keys.
    #[serde(flatten)]
    pub switches: BTreeMap<&'static str, bool>,
}

impl Default for Settings {
    fn default() -> Self {
        let caps = Caps::default();
        Settings {
            enabled: true,
            language: "auto".into(),
            // The demo intranet; IT widens this through policy for the real intranet.
            sites: vec!["http://127.0.0.1/*".into()],
            business_days: WEEKDAYS[..5].iter().map(|d| d.to_string()).collect(),
            business_hours: "08:30-18:30".into(),
            holidays: Vec::new(),
            sla_hours: 24,
            staff: Vec::new(),
            exclude_staff: true,
            draft_hints: true,
            community_manager: false,
            rest: true,
            tips: true,
            tips_excluded_sites: Vec::new(),
            tips_per_view: caps.per_view,
            tips_per_day: caps.per_day,
            tips_per_week: caps.per_week,
            tips_gap_minutes: (caps.min_gap_secs / 60) as u32,
            charter_url: String::new(),
            moderation_min_severity: 1,
            confidential_terms: Vec::new(),
            maxima: BTreeMap::new(),
            custom_profiles: String::new(),
            switches: KEYS
                .iter()
                .filter(|d| matches!(d.kind, ValueKind::Switch))
                .map(|d| (d.name, true))
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub layer: Layer,
    pub key: String,
    /// English, for the console and the command line.
    pub message: String,
    /// The `_locales` message `problem_<code>` and its arguments, for the options page.
    pub code: &'static str,
    pub args: Vec<String>,
}

/// What the content-script loader passes to start the core (`start`, and the JS build's
/// `startComposer`): both settings layers, the message catalog and the browser's UI
/// language, plus what only the full core uses.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartConfig {
    #[serde(default)]
    pub user: serde_json::Value,
    #[serde(default)]
    pub policy: serde_json::Value,
    #[serde(default)]
    pub messages: crate::i18n::Catalog,
    #[serde(default)]
    pub ui_language: String,
    /// A fixed "now" (ms since 1970), for end-to-end tests only: the loader passes it
    /// from `storage.local` key `testNow`, which no page can write.
    #[serde(default)]
    pub now_ms: Option<f64>,
    /// The stored nudge history (`storage.local`), as the loader read it.
    #[serde(default)]
    pub history: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolved {
    pub settings: Settings,
    /// Keys whose value IT set: shown locked ("Set by your organization").
    pub managed: Vec<String>,
    pub problems: Vec<Problem>,
}

impl Resolved {
    pub fn is_managed(&self, key: &str) -> bool {
        self.managed.iter().any(|k| k == key)
    }
}

/// Merges the layers. `user` and `policy` are what the storage areas returned
/// (`null`/absent when empty).
pub fn resolve(user: &Value, policy: &Value) -> Resolved {
    let mut settings = Settings::default();
    let mut managed = Vec::new();
    let mut problems = Vec::new();
    for (layer, values) in [(Layer::User, user), (Layer::Policy, policy)] {
        let map = match values {
            Value::Null => continue,
            Value::Object(map) => map,
            _ => {
                problems.push(Problem {
                    layer,
                    key: String::new(),
                    message: "settings must be a JSON object; all ignored".into(),
                    code: "not_object",
                    args: Vec::new(),
                });
                continue;
            }
        };
        for (key, value) in map {
            let applied = if key == "maxima" && layer == Layer::User {
                Err(invalid(
                    "maxima_user",
                    &[],
                    "only your organization can set upper bounds; ignored",
                ))
            } else {
                apply(&mut settings, key, value)
            };
            match applied {
                Ok(()) if layer == Layer::Policy => managed.push(key.clone()),
                Ok(()) => {}
                Err(Invalid {
                    code,
                    args,
                    message,
                }) => problems.push(Problem {
                    layer,
                    key: key.clone(),
                    message,
                    code,
                    args,
                }),
            }
        }
    }
    // After both layers, so that a bound holds whichever layer set the value.
    for (key, &max) in &settings.maxima.clone() {
        let value = settings.integer_mut(key);
        if *value > max {
            *value = max;
        }
    }
    Resolved {
        settings,
        managed,
        problems,
    }
}

/// Why a value was refused: `code` names the `_locales` message `problem_<code>` (with
/// `args` as its `$1`, `$2`…) that the options page shows in the person's language;
/// `message` is the English sentence for the console and the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub code: &'static str,
    pub args: Vec<String>,
    pub message: String,
}

fn invalid(code: &'static str, args: &[&dyn ToString], message: impl Into<String>) -> Invalid {
    Invalid {
        code,
        args: args.iter().map(|a| a.to_string()).collect(),
        message: message.into(),
    }
}

fn boolean(value: &Value) -> Result<bool, Invalid> {
    value
        .as_bool()
        .ok_or_else(|| invalid("boolean", &[], "expected true or false"))
}

/// A text value; anything else is refused with `code`, naming what was given.
fn text<'v>(value: &'v Value, code: &'static str) -> Result<&'v str, Invalid> {
    value
        .as_str()
        .ok_or_else(|| invalid(code, &[value], format!("{value} is not text")))
}

fn apply(settings: &mut Settings, key: &str, value: &Value) -> Result<(), Invalid> {
    let def = KEYS
        .iter()
        .find(|d| d.name == key)
        .ok_or_else(|| invalid("unknown", &[], "unknown setting; ignored"))?;
    match (def.name, def.kind) {
        ("enabled", ValueKind::Bool) => settings.enabled = boolean(value)?,
        ("rest", ValueKind::Bool) => settings.rest = boolean(value)?,
        ("tips", ValueKind::Bool) => settings.tips = boolean(value)?,
        ("excludeStaff", ValueKind::Bool) => settings.exclude_staff = boolean(value)?,
        ("draftHints", ValueKind::Bool) => settings.draft_hints = boolean(value)?,
        ("communityManager", ValueKind::Bool) => settings.community_manager = boolean(value)?,
        (name, ValueKind::Switch) => {
            settings.switches.insert(name, boolean(value)?);
        }
        ("language", ValueKind::Choice(choices)) => {
            let list = choices.join(", ");
            let s = value
                .as_str()
                .filter(|s| choices.contains(s))
                .ok_or_else(|| invalid("choice", &[&list], format!("expected one of {list}")))?;
            settings.language = s.to_owned();
        }
        (name, ValueKind::SitePatterns) => {
            let sites = strings(value, |pattern| {
                SitePattern::parse(pattern)
                    .map(|_| ())
                    .map_err(|message| invalid("pattern", &[&pattern], message))
            })?;
            *match name {
                "sites" => &mut settings.sites,
                "tipsExcludedSites" => &mut settings.tips_excluded_sites,
                _ => unreachable!("every SitePatterns key is listed here (tested)"),
            } = sites;
        }
        ("businessDays", ValueKind::Weekdays) => {
            let days = strings(value, |d| {
                WEEKDAYS.contains(&d).then_some(()).ok_or_else(|| {
                    let list = WEEKDAYS.join(", ");
                    invalid(
                        "weekday",
                        &[&d, &list],
                        format!("'{d}' is not one of {list}"),
                    )
                })
            })?;
            settings.business_days = days;
        }
        ("businessHours", ValueKind::TimeRange) => {
            let s = text(value, "time_range")?;
            time_range(s).map_err(|message| invalid("time_range", &[&s], message))?;
            settings.business_hours = s.to_owned();
        }
        ("holidays", ValueKind::Dates) => {
            settings.holidays = strings(value, |d| {
                parse_date(d)
                    .map(|_| ())
                    .map_err(|message| invalid("date", &[&d], message))
            })?;
        }
        (name, ValueKind::Integer { min, max }) => {
            let n = value
                .as_u64()
                .filter(|n| (u64::from(min)..=u64::from(max)).contains(n))
                .ok_or_else(|| {
                    invalid(
                        "integer",
                        &[&min, &max],
                        format!("expected a whole number from {min} to {max}"),
                    )
                })? as u32;
            *settings.integer_mut(name) = n;
        }
        ("customProfiles", ValueKind::Profiles) => {
            let s = value.as_str().ok_or_else(|| {
                invalid(
                    "profiles_text",
                    &[],
                    "expected the profiles' JSON array as text",
                )
            })?;
            crate::adapters::profile::parse_custom(s)
                .map_err(|message| invalid("profiles", &[&message], message.clone()))?;
            settings.custom_profiles = s.to_owned();
        }
        ("maxima", ValueKind::Maxima) => {
            let map = value.as_object().ok_or_else(|| {
                invalid(
                    "maxima",
                    &[],
                    "expected an object of number settings and their highest value",
                )
            })?;
            let mut maxima = BTreeMap::new();
            for (name, bound) in map {
                let Some(&KeyDef {
                    kind: ValueKind::Integer { min, max },
                    ..
                }) = KEYS.iter().find(|d| d.name == name)
                else {
                    return Err(invalid(
                        "maxima_key",
                        &[name],
                        format!("'{name}' is not a number setting"),
                    ));
                };
                let bound = bound
                    .as_u64()
                    .filter(|n| (u64::from(min)..=u64::from(max)).contains(n))
                    .ok_or_else(|| {
                        invalid(
                            "maxima_bound",
                            &[name, &min, &max],
                            format!(
                                "the bound of '{name}' must be a whole number from {min} to {max}"
                            ),
                        )
                    })?;
                maxima.insert(name.clone(), bound as u32);
            }
            settings.maxima = maxima;
        }
        ("charterUrl", ValueKind::Url) => {
            let s = text(value, "url")?;
            let ok = s.is_empty()
                || (s.len() <= 2048
                    && (s.starts_with("https://") || s.starts_with("http://"))
                    && !s.contains(char::is_whitespace));
            if !ok {
                return Err(invalid(
                    "url",
                    &[&s],
                    format!("'{s}' is not an http(s) address"),
                ));
            }
            settings.charter_url = s.to_owned();
        }
        (name, ValueKind::Strings) => {
            let list = strings(value, |s| {
                if s.trim().is_empty() || s.len() > MAX_STRING {
                    Err(invalid(
                        "string_length",
                        &[&MAX_STRING],
                        format!("entries must be 1 to {MAX_STRING} characters"),
                    ))
                } else {
                    Ok(())
                }
            })?;
            *match name {
                "staff" => &mut settings.staff,
                "confidentialTerms" => &mut settings.confidential_terms,
                _ => unreachable!("every Strings key is listed here (tested)"),
            } = list;
        }
        _ => unreachable!("every KEYS entry is handled above (tested)"),
    }
    Ok(())
}

/// A list of strings, each checked; the whole list is refused on the first bad entry
/// (a half-applied list would be a surprise).
fn strings(
    value: &Value,
    check: impl Fn(&str) -> Result<(), Invalid>,
) -> Result<Vec<String>, Invalid> {
    let list = value
        .as_array()
        .ok_or_else(|| invalid("list", &[], "expected a list"))?;
    if list.len() > MAX_LIST {
        return Err(invalid(
            "too_many",
            &[&MAX_LIST],
            format!("more than {MAX_LIST} entries"),
        ));
    }
    list.iter()
        .map(|entry| {
            let s = entry
                .as_str()
                .ok_or_else(|| invalid("list", &[], "every entry must be a string"))?;
            check(s)?;
            Ok(s.to_owned())
        })
        .collect()
}

/// "08:30-18:30" → minutes after midnight (510, 1110); the end must follow the start.
pub fn time_range(s: &str) -> Result<(u16, u16), String> {
    let bad = || format!("'{s}' is not a window 'HH:MM-HH:MM' (end after start)");
    let minutes = |t: &str| -> Option<u16> {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m) = (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?);
        (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
    };
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    match (minutes(a), minutes(b)) {
        (Some(start), Some(end)) if end > start => Ok((start, end)),
        _ => Err(bad()),
    }
}

/// "2026-12-25" → days since 1970-01-01.
pub fn parse_date(s: &str) -> Result<i64, String> {
    let bad = || format!("'{s}' is not a date 'YYYY-MM-DD'");
    let mut parts = s.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return Err(bad());
    }
    Ok(crate::dates::days_from_civil(y, m as u32, d as u32))
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A WebExtension match pattern, restricted to what intranet sites need:
/// `<scheme>://<host>/<path>` with `*` as scheme, `*` or `*.` host prefix, `*` in path.
/// Ports are ignored, as the browsers ignore them in match patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitePattern {
    scheme: String,
    host: String,
    path: String,
}

impl SitePattern {
    pub fn parse(pattern: &str) -> Result<Self, String> {
        let bad = |why: &str| format!("'{pattern}' is not a valid match pattern: {why}");
        let (scheme, rest) = pattern
            .split_once("://")
            .ok_or_else(|| bad("missing '://'"))?;
        if !matches!(scheme, "*" | "http" | "https") {
            return Err(bad("scheme must be http, https or *"));
        }
        let (host, path) = rest.split_once('/').ok_or_else(|| bad("missing path"))?;
        let host_body = host.strip_prefix("*.").unwrap_or(host);
        let host_ok = host == "*"
            || (!host_body.is_empty()
                && host_body
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'));
        if !host_ok {
            return Err(bad("host must be '*', '*.domain' or a host name"));
        }
        Ok(SitePattern {
            scheme: scheme.to_owned(),
            host: host.to_ascii_lowercase(),
            path: format!("/{path}"),
        })
    }

    pub fn matches(&self, url: &str) -> bool {
        let Some((scheme, rest)) = url.split_once("://") else {
            return false;
        };
        let scheme_ok = match self.scheme.as_str() {
            "*" => matches!(scheme, "http" | "https"),
            s => s == scheme,
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let host_port = authority.rsplit('@').next().unwrap_or_default();
        let host = host_port
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let host_ok = match self.host.strip_prefix("*.") {
            _ if self.host == "*" => true,
            Some(domain) => host == domain || host.ends_with(&format!(".{domain}")),
            None => host == self.host,
        };
        scheme_ok && host_ok && glob(&self.path, path)
    }
}

/// `*` matches any run of characters; everything else is literal.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(i) => rest = &rest[i + middle.len()..],
            None => return false,
        }
    }
    true
}

impl Settings {
    /// The field behind an `Integer` key.
    fn integer_mut(&mut self, name: &str) -> &mut u32 {
        match name {
            "slaHours" => &mut self.sla_hours,
            "tipsPerView" => &mut self.tips_per_view,
            "tipsPerDay" => &mut self.tips_per_day,
            "tipsPerWeek" => &mut self.tips_per_week,
            "tipsGapMinutes" => &mut self.tips_gap_minutes,
            "moderationMinSeverity" => &mut self.moderation_min_severity,
            _ => unreachable!("every Integer key is listed here (tested)"),
        }
    }

    /// What the moderation analyzer looks for, for hints while writing and for the
    /// community-manager review alike.
    pub fn analyzer_config(&self) -> AnalyzerConfig {
        AnalyzerConfig {
            confidential_terms: self.confidential_terms.clone(),
            enabled_categories: Category::ALL
                .into_iter()
                .filter(|&c| self.switch(&category_key(c)))
                .collect(),
            min_severity: self.moderation_min_severity.clamp(1, 3) as u8,
        }
    }

    /// The metrics' thresholds from these settings; `utc_offset_minutes` is the
    /// viewer's zone (working hours are local).
    pub fn stats_config(&self, utc_offset_minutes: i32) -> StatsConfig {
        let mut config = StatsConfig::default();
        let business = &mut config.business;
        business.utc_offset_minutes = utc_offset_minutes;
        business.working_days = WEEKDAYS.map(|d| self.business_days.iter().any(|x| x == d));
        if let Ok((start, end)) = time_range(&self.business_hours) {
            business.start_minute = start;
            business.end_minute = end;
        }
        business.holidays = self
            .holidays
            .iter()
            .filter_map(|d| parse_date(d).ok())
            .collect();
        // One expected response time: "answered in time" (M8) and "waiting" (M9).
        config.sla_business_hours = self.sla_hours;
        config.no_response_after_business_hours = self.sla_hours;
        config.exclude_staff = self.exclude_staff;
        config
    }

    /// What the nudge gate needs from these settings, for the page at `url`; `hours`
    /// is the working time (the right to disconnect), from [`Settings::stats_config`].
    pub fn gate_settings(&self, url: &str, hours: crate::stats::BusinessHours) -> GateSettings {
        GateSettings {
            tips: self.tips,
            disabled_rules: RuleId::ALL
                .into_iter()
                .filter(|&r| !self.switch(&rule_key(r)))
                .collect(),
            site_excluded: self
                .tips_excluded_sites
                .iter()
                .filter_map(|p| SitePattern::parse(p).ok())
                .any(|p| p.matches(url)),
            caps: Caps {
                per_view: self.tips_per_view,
                per_day: self.tips_per_day,
                per_week: self.tips_per_week,
                min_gap_secs: i64::from(self.tips_gap_minutes) * 60,
            },
            hours,
        }
    }

    /// Whether a community-manager hint is switched on.
    pub fn hint_on(&self, hint: HintId) -> bool {
        self.switch(&hint_key(hint))
    }

    /// A rule without a key is on: the table test makes sure there is none.
    fn switch(&self, key: &str) -> bool {
        self.switches.get(key).copied().unwrap_or(true)
    }

    /// The organisation's page profiles (checked when set, so none is refused here).
    pub fn custom_profiles(&self) -> Vec<crate::adapters::profile::Profile> {
        crate::adapters::profile::parse_custom(&self.custom_profiles).unwrap_or_default()
    }

    /// Where the content script should be injected: the configured sites, or nowhere
    /// when Animateur is switched off.
    pub fn script_sites(&self) -> Vec<String> {
        if self.enabled {
            self.sites.clone()
        } else {
            Vec::new()
        }
    }

    /// Whether Animateur should read this page at all.
    pub fn runs_on(&self, url: &str) -> bool {
        self.enabled
            && self
                .sites
                .iter()
                .filter_map(|p| SitePattern::parse(p).ok())
                .any(|p| p.matches(url))
    }
}

/// The settings key of a rule's switch: `nudgeR01`.
pub fn rule_key(rule: RuleId) -> String {
    format!("nudge{rule:?}")
}

/// The settings key of a moderation category's switch: `moderationInsult`.
pub fn category_key(category: Category) -> String {
    format!("moderation{category:?}")
}

/// The settings key of a hint's switch: `hintH1`.
pub fn hint_key(hint: HintId) -> String {
    format!("hint{hint:?}")
}

/// The `storage.managed_schema` the Chromium build ships, generated from [`KEYS`].
pub fn managed_schema() -> Value {
    let mut properties = Map::new();
    for def in KEYS {
        let mut prop = match def.kind {
            ValueKind::Bool | ValueKind::Switch => json!({ "type": "boolean" }),
            ValueKind::Choice(choices) => json!({ "type": "string", "enum": choices }),
            ValueKind::SitePatterns | ValueKind::Strings => {
                json!({ "type": "array", "items": { "type": "string" } })
            }
            ValueKind::Integer { min, max } => {
                json!({ "type": "integer", "minimum": min, "maximum": max })
            }
            ValueKind::Weekdays => {
                json!({ "type": "array", "items": { "type": "string", "enum": WEEKDAYS } })
            }
            ValueKind::TimeRange | ValueKind::Url | ValueKind::Profiles => {
                json!({ "type": "string" })
            }
            ValueKind::Dates => json!({ "type": "array", "items": { "type": "string" } }),
            ValueKind::Maxima => {
                let bounds: Map<String, Value> = KEYS
                    .iter()
                    .filter_map(|d| match d.kind {
                        ValueKind::Integer { min, max } => Some((
                            d.name.to_owned(),
                            json!({ "type": "integer", "minimum": min, "maximum": max }),
                        )),
                        _ => None,
                    })
                    .collect();
                json!({ "type": "object", "properties": bounds })
            }
        };
        prop["title"] = json!(def.title);
        prop["description"] = json!(def.description);
        properties.insert(def.name.to_owned(), prop);
    }
    json!({ "type": "object", "properties": properties })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_nothing_is_set() {
        let r = resolve(&Value::Null, &Value::Null);
        assert_eq!(r.settings, Settings::default());
        assert!(r.managed.is_empty() && r.problems.is_empty());
    }

    #[test]
    fn policy_wins_over_user_and_is_managed() {
        let r = resolve(
            &json!({"enabled": false, "language": "en"}),
            &json!({"enabled": true}),
        );
        assert!(r.settings.enabled);
        assert_eq!(r.settings.language, "en");
        assert!(r.is_managed("enabled"));
        assert!(!r.is_managed("language"));
    }

    #[test]
    fn bad_policy_keys_are_reported_and_the_user_value_kept() {
        let r = resolve(
            &json!({"language": "fr", "sites": ["https://intra.example.com/*"]}),
            &json!({"language": 3, "colour": "red", "sites": ["ftp://x/*"], "enabled": "yes"}),
        );
        assert_eq!(r.settings.language, "fr");
        assert_eq!(r.settings.sites, vec!["https://intra.example.com/*"]);
        assert!(r.settings.enabled);
        assert!(r.managed.is_empty());
        let mut keys: Vec<&str> = r.problems.iter().map(|p| p.key.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["colour", "enabled", "language", "sites"]);
        assert!(r.problems.iter().all(|p| p.layer == Layer::Policy));
    }

    #[test]
    fn rest_is_on_unless_switched_off() {
        assert!(resolve(&Value::Null, &Value::Null).settings.rest);
        let off = resolve(&json!({"rest": false}), &Value::Null);
        assert!(!off.settings.rest && off.problems.is_empty());
        let locked = resolve(
            &json!({"rest": true}),
            &json!({"rest": false, "enabled": true}),
        );
        assert!(!locked.settings.rest && locked.is_managed("rest"));
        let bad = resolve(&Value::Null, &json!({"rest": "no"}));
        assert!(bad.settings.rest);
        assert_eq!(bad.problems[0].key, "rest");
    }

    #[test]
    fn a_layer_that_is_not_an_object_is_ignored_whole() {
        let r = resolve(&json!({"enabled": false}), &json!(["enabled"]));
        assert!(!r.settings.enabled);
        assert_eq!(r.problems.len(), 1);
    }

    #[test]
    fn huge_lists_are_refused() {
        let list: Vec<String> = (0..MAX_LIST + 1)
            .map(|i| format!("https://h{i}.example/*"))
            .collect();
        let r = resolve(&Value::Null, &json!({ "sites": list }));
        assert_eq!(r.settings.sites, Settings::default().sites);
        assert_eq!(r.problems.len(), 1);
    }

    #[test]
    fn match_patterns() {
        let p = SitePattern::parse("https://*.sharepoint.com/sites/*").unwrap();
        assert!(p.matches("https://contoso.sharepoint.com/sites/rh/SitePages/a.aspx"));
        assert!(p.matches("https://sharepoint.com/sites/x"));
        assert!(!p.matches("http://contoso.sharepoint.com/sites/x"));
        assert!(!p.matches("https://evilsharepoint.com/sites/x"));
        assert!(!p.matches("https://contoso.sharepoint.com/teams/x"));
        let local = SitePattern::parse("http://127.0.0.1/*").unwrap();
        assert!(local.matches("http://127.0.0.1:8080/modern-news.html"));
        assert!(!local.matches("http://localhost:8080/modern-news.html"));
        assert!(SitePattern::parse("*://*/*")
            .unwrap()
            .matches("https://a.b/c"));
        for bad in [
            "intranet",
            "ftp://x/*",
            "https://",
            "https://exa mple.com/*",
            "https://*x.com/*",
        ] {
            assert!(SitePattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn runs_only_where_configured_and_enabled() {
        let mut s = Settings::default();
        assert!(s.runs_on("http://127.0.0.1:4000/modern-news.html"));
        assert!(!s.runs_on("http://localhost:4000/modern-news.html"));
        assert_eq!(s.script_sites(), vec!["http://127.0.0.1/*".to_string()]);
        s.enabled = false;
        assert!(!s.runs_on("http://127.0.0.1:4000/modern-news.html"));
        assert!(
            s.script_sites().is_empty(),
            "switched off: injected nowhere"
        );
    }

    #[test]
    fn draft_hints_default_on_and_policy_can_turn_them_off() {
        assert!(Settings::default().draft_hints);
        let r = resolve(&json!({"draftHints": true}), &json!({"draftHints": false}));
        assert!(!r.settings.draft_hints);
        assert!(r.is_managed("draftHints"));
        let bad = resolve(&json!({"draftHints": "no"}), &Value::Null);
        assert!(bad.settings.draft_hints);
        assert_eq!(bad.problems.len(), 1);
    }

    #[test]
    fn every_key_applies_its_default_type() {
        let defaults = serde_json::to_value(Settings::default()).unwrap();
        for def in KEYS {
            let mut s = Settings::default();
            apply(&mut s, def.name, &defaults[def.name]).unwrap();
            assert_eq!(s, Settings::default(), "{}", def.name);
        }
        assert_eq!(defaults.as_object().unwrap().len(), KEYS.len());
    }

    #[test]
    fn policy_bounds_lower_user_values_without_losing_them() {
        let user = json!({ "tipsPerDay": 8, "tipsPerWeek": 4 });
        let r = resolve(
            &user,
            &json!({ "maxima": { "tipsPerDay": 2, "slaHours": 48 } }),
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.settings.tips_per_day, 2, "lowered to IT's bound");
        assert_eq!(
            r.settings.tips_per_week, 4,
            "values under a bound, or unbounded, stay"
        );
        assert_eq!(r.settings.sla_hours, 24);
        assert!(r.is_managed("maxima") && !r.is_managed("tipsPerDay"));
        // Without the bound, the user's own value is back: it was never overwritten.
        assert_eq!(resolve(&user, &Value::Null).settings.tips_per_day, 8);
    }

    #[test]
    fn only_policy_sets_bounds_and_bad_bounds_are_refused_whole() {
        let r = resolve(&json!({ "maxima": { "tipsPerDay": 1 } }), &Value::Null);
        assert_eq!(r.settings.tips_per_day, Settings::default().tips_per_day);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].layer, Layer::User);
        for bad in [
            json!({ "tipsPerDay": 2, "language": 1 }),
            json!({ "tipsPerDay": 21 }),
            json!({ "tipsPerDay": -1 }),
            json!({ "tipsPerDay": "2" }),
            json!([2]),
        ] {
            let r = resolve(&json!({ "tipsPerDay": 9 }), &json!({ "maxima": bad }));
            assert_eq!(r.settings.tips_per_day, 9, "{bad}");
            assert!(r.settings.maxima.is_empty(), "{bad}");
            assert_eq!(r.problems.len(), 1, "{bad}");
            assert_eq!(r.problems[0].key, "maxima");
        }
    }

    #[test]
    fn moderation_keys_reach_the_analyzer() {
        use crate::moderation::analyze;
        let text = "Le projet Hermès avance, écrivez à jean.dupont@example.com";
        let found = |r: &Resolved| -> Vec<Category> {
            analyze(text, &r.settings.analyzer_config())
                .iter()
                .map(|f| f.category)
                .collect()
        };
        let plain = resolve(&Value::Null, &Value::Null);
        assert_eq!(found(&plain), vec![Category::PersonalData]);
        let r = resolve(
            &json!({ "confidentialTerms": ["hermes"] }),
            &json!({ "moderationPersonalData": false }),
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(found(&r), vec![Category::Confidential]);
        let strict = resolve(&json!({ "moderationMinSeverity": 3 }), &Value::Null);
        assert_eq!(strict.settings.analyzer_config().min_severity, 3);
        for bad in [
            json!({ "moderationMinSeverity": 0 }),
            json!({ "confidentialTerms": [""] }),
        ] {
            assert_eq!(resolve(&bad, &Value::Null).problems.len(), 1, "{bad}");
        }
    }

    #[test]
    fn every_problem_code_has_a_message_in_both_languages() {
        let source = include_str!("settings.rs");
        let mut codes: Vec<&str> = source
            .split("invalid(")
            .skip(1)
            .filter_map(|rest| rest.trim_start().strip_prefix('"')?.split('"').next())
            .filter(|code| {
                !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
            .collect();
        codes.push("not_object");
        codes.sort();
        codes.dedup();
        assert!(codes.len() >= 15, "{codes:?}");
        for lang in ["fr", "en"] {
            let messages = crate::i18n::shipped_locale(lang);
            for code in &codes {
                let key = format!("problem_{code}");
                assert_ne!(messages.get(&key), key, "{lang}: {key} missing");
            }
        }
        // The arguments a message uses are the ones its code is given.
        let r = resolve(
            &json!({ "slaHours": 0, "holidays": ["2026-13-01"] }),
            &Value::Null,
        );
        let args: Vec<_> = r
            .problems
            .iter()
            .map(|p| (p.code, p.args.clone()))
            .collect();
        assert!(
            args.contains(&("integer", vec!["1".into(), "720".into()])),
            "{args:?}"
        );
        assert!(
            args.contains(&("date", vec!["2026-13-01".into()])),
            "{args:?}"
        );
    }

    /// The shipped schema is the generated one. Run with ANIMATEUR_WRITE_SCHEMA=1 to
    /// regenerate it after adding a key.
    #[test]
    fn managed_schema_file_matches_the_model() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/managed_schema.json");
        let generated = serde_json::to_string_pretty(&managed_schema()).unwrap() + "\n";
        if std::env::var_os("ANIMATEUR_WRITE_SCHEMA").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let shipped = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            shipped, generated,
            "extension/managed_schema.json drifted from settings::KEYS"
        );
        for def in KEYS {
            assert!(!def.title.is_empty() && !def.description.is_empty());
        }
    }

    #[test]
    fn every_rule_and_hint_has_exactly_one_switch() {
        let mut wanted: Vec<String> = RuleId::ALL.into_iter().map(rule_key).collect();
        wanted.extend(HintId::ALL.into_iter().map(hint_key));
        wanted.extend(Category::ALL.into_iter().map(category_key));
        wanted.sort();
        let mut switches: Vec<&str> = KEYS
            .iter()
            .filter(|d| matches!(d.kind, ValueKind::Switch))
            .map(|d| d.name)
            .collect();
        switches.sort();
        assert_eq!(switches, wanted);
    }

    #[test]
    fn tips_settings_reach_the_gate() {
        let hours = crate::stats::BusinessHours::default();
        let url = "http://127.0.0.1:4000/discussion-list.html";
        let d = Settings::default().gate_settings(url, hours.clone());
        assert!(d.tips && !d.site_excluded && d.disabled_rules.is_empty());
        assert_eq!(d.caps, Caps::default());
        let r = resolve(
            &json!({"nudgeR10": false, "tipsPerDay": 5, "hintH4": false}),
            &json!({
                "tips": false,
                "tipsGapMinutes": 60,
                "tipsExcludedSites": ["http://127.0.0.1/discussion-*"],
                "nudgeR01": false
            }),
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let g = r.settings.gate_settings(url, hours.clone());
        assert!(!g.tips && g.site_excluded);
        assert_eq!(g.disabled_rules, [RuleId::R01, RuleId::R10]);
        assert_eq!((g.caps.per_day, g.caps.min_gap_secs), (5, 3600));
        assert!(!r.settings.hint_on(HintId::H4) && r.settings.hint_on(HintId::H1));
        assert!(r.is_managed("nudgeR01") && !r.is_managed("nudgeR10"));
        let bad = resolve(
            &Value::Null,
            &json!({"nudgeR01": "off", "tipsPerView": 9, "nudgeR99": false,
                    "charterUrl": "javascript:alert(1)"}),
        );
        let mut keys: Vec<&str> = bad.problems.iter().map(|p| p.key.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["charterUrl", "nudgeR01", "nudgeR99", "tipsPerView"]);
        let charter = resolve(
            &json!({"charterUrl": "https://intra.example.com/charte"}),
            &Value::Null,
        );
        assert!(charter.problems.is_empty());
        assert_eq!(
            charter.settings.charter_url,
            "https://intra.example.com/charte"
        );
        assert_eq!(bad.settings, Settings::default());
    }

    #[test]
    fn working_time_keys_are_validated_and_reach_the_metrics() {
        let r = resolve(
            &json!({
                "businessDays": ["mon", "tue", "wed", "thu"],
                "businessHours": "09:00-17:30",
                "holidays": ["2026-12-25", "2027-01-01"],
                "slaHours": 8,
                "excludeStaff": false
            }),
            &Value::Null,
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let c = r.settings.stats_config(60);
        assert_eq!(
            c.business.working_days,
            [true, true, true, true, false, false, false]
        );
        assert_eq!(
            (c.business.start_minute, c.business.end_minute),
            (540, 1050)
        );
        assert_eq!(c.business.utc_offset_minutes, 60);
        assert_eq!(
            c.business.holidays,
            vec![
                crate::dates::days_from_civil(2026, 12, 25),
                crate::dates::days_from_civil(2027, 1, 1)
            ]
        );
        assert_eq!(
            (c.sla_business_hours, c.no_response_after_business_hours),
            (8, 8)
        );
        assert!(!c.exclude_staff);
        let defaults = Settings::default().stats_config(0);
        assert_eq!(defaults, StatsConfig::default());
    }

    #[test]
    fn bad_working_time_values_are_refused_one_by_one() {
        let r = resolve(
            &json!({"slaHours": 48}),
            &json!({
                "businessDays": ["mon", "funday"],
                "businessHours": "18:00-08:00",
                "holidays": ["2026-02-30"],
                "slaHours": 0,
                "staff": ["ok", ""]
            }),
        );
        let mut keys: Vec<&str> = r.problems.iter().map(|p| p.key.as_str()).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "businessDays",
                "businessHours",
                "holidays",
                "slaHours",
                "staff"
            ]
        );
        // The user's value stays where the policy's was refused.
        assert_eq!(r.settings.sla_hours, 48);
        assert_eq!(r.settings.business_hours, "08:30-18:30");
        for bad in ["8:30", "08:60-09:00", "25:00-26:00", "09:00-09:00", "a-b"] {
            assert!(time_range(bad).is_err(), "{bad}");
        }
        assert_eq!(time_range("00:00-24:00"), Ok((0, 1440)));
        for bad in [
            "2026-13-01",
            "2025-02-29",
            "26-01-01",
            "2026/01/01",
            "1969-12-31",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert!(parse_date("2028-02-29").is_ok());
    }
}
