//! The same core code as the extension, on the command line — for community managers
//! and IT to audit saved pages and moderation rules, and for tests and evaluation.
//!
//! - `animateur page FILE.html [--now ISO-8601] [--lang fr|en] [--utc-offset MINUTES] [--settings FILE.json] [--viewer ID [--last-visit ISO-8601]] [--draft-title TEXT] [--draft-body TEXT] [--question]`:
//!   the page's snapshot and contribution stats as JSON; with `--viewer` (a person key
//!   such as `id:14`), also the nudge that would show to that viewer on a first view of
//!   the page, the gate's reason for every other candidate, and the community-manager
//!   hints. A page with a new-thread form says so (`threadForm`); `--draft-title`,
//!   `--draft-body` and `--question` (the form's "Question" box ticked) stand for a
//!   draft typed into it, and `writing` gives what the composer rules (R19, R06, R07)
//!   would show once it is written (the focus on another control of the form). The
//!   draft is not echoed.
//! - `animateur text [--json] [--terms a,b]`: reads lines of text from stdin (or JSON
//!   lines `{"text": …}` with `--json`) and prints one JSON result per line: the
//!   moderation findings with their spans. Nothing is written anywhere else.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::run(&args) {
        Ok(json) => {
            println!("{json}");
            std::process::ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("animateur: {message}");
            eprintln!("usage: animateur page FILE.html [--now ISO-8601] [--lang fr|en] [--utc-offset MINUTES] [--settings FILE.json] [--viewer ID [--last-visit ISO-8601]] [--draft-title TEXT] [--draft-body TEXT] [--question]");
            eprintln!("       animateur text [--json] [--terms TERM,TERM…] < lines");
            std::process::ExitCode::from(2)
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use animateur::adapters::forms::thread_form_in;
    use animateur::adapters::snapshot::Clock;
    use animateur::adapters::{built_in, read_snapshot};
    use animateur::dates::{parse_page_time, DateContext, DateOrder};
    use animateur::html_dom::parse_document;
    use animateur::nudges::rules::{DraftField, PageThread, ThreadDraft};
    use animateur::settings::{resolve, Settings};
    use animateur::stats::compute_for;

    pub fn run(args: &[String]) -> Result<String, String> {
        match args.first().map(String::as_str) {
            Some("page") => page(&args[1..]),
            Some("text") => text(&args[1..]),
            Some(other) => Err(format!("unknown command '{other}'")),
            None => Err("missing command".into()),
        }
    }

    /// One result per input line, in order; a line that is not valid JSON (with
    /// `--json`) gets an error result and the run goes on.
    fn text(args: &[String]) -> Result<String, String> {
        use animateur::moderation::{analyze, AnalyzerConfig};
        use std::io::BufRead;
        let mut json_lines = false;
        let mut config = AnalyzerConfig::default();
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            match arg.as_str() {
                "--json" => json_lines = true,
                "--terms" => {
                    let terms = rest.next().ok_or("--terms needs a value")?;
                    config.confidential_terms = terms
                        .split(',')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(String::from)
                        .collect();
                }
                other => return Err(format!("unknown option '{other}'")),
            }
        }
        let mut out = Vec::new();
        for (n, line) in std::io::stdin().lock().lines().enumerate() {
            let line = line.map_err(|e| format!("cannot read stdin: {e}"))?;
            let text = if json_lines {
                match serde_json::from_str::<serde_json::Value>(&line) {
                    Ok(v) => v["text"].as_str().map(str::to_owned),
                    Err(_) => None,
                }
            } else {
                Some(line)
            };
            let result = match text {
                Some(text) => {
                    serde_json::json!({ "line": n + 1, "findings": analyze(&text, &config) })
                }
                None => {
                    serde_json::json!({ "line": n + 1, "error": "expected a JSON object with a \"text\" string" })
                }
            };
            out.push(result.to_string());
        }
        Ok(out.join("\n"))
    }

    fn page(args: &[String]) -> Result<String, String> {
        let mut rest = args.iter();
        let mut file = None;
        let mut now = None;
        let mut date_order = None;
        let mut utc_offset_minutes = 0;
        let mut settings_file = None;
        let mut viewer = None;
        let mut last_visit = None;
        let mut draft_title = None;
        let mut draft_body = None;
        let mut question = false;
        while let Some(arg) = rest.next() {
            let mut value = |name: &str| {
                rest.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match arg.as_str() {
                "--now" => now = Some(parse_now(&value("--now")?)?),
                "--lang" => {
                    date_order = Some(match value("--lang")?.as_str() {
                        "fr" => DateOrder::DayFirst,
                        "en" => DateOrder::MonthFirst,
                        other => return Err(format!("--lang must be fr or en, not '{other}'")),
                    })
                }
                "--settings" => settings_file = Some(value("--settings")?),
                "--viewer" => viewer = Some(value("--viewer")?),
                "--last-visit" => last_visit = Some(parse_now(&value("--last-visit")?)?),
                "--draft-title" => draft_title = Some(value("--draft-title")?),
                "--draft-body" => draft_body = Some(value("--draft-body")?),
                "--question" => question = true,
                "--utc-offset" => {
                    utc_offset_minutes = value("--utc-offset")?
                        .parse()
                        .map_err(|_| "--utc-offset takes minutes, e.g. 60".to_string())?
                }
                flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
                path if file.is_none() => file = Some(path.to_owned()),
                extra => return Err(format!("unexpected argument '{extra}'")),
            }
        }
        let file = file.ok_or("missing FILE.html")?;
        let html = std::fs::read(&file).map_err(|e| format!("cannot read {file}: {e}"))?;
        let html = String::from_utf8_lossy(&html);
        let now = match now {
            Some(now) => now,
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|e| e.to_string())?
                .as_secs() as i64,
        };
        let clock = Clock {
            now,
            utc_offset_minutes,
            date_order,
        };
        let doc = parse_document(&html);
        let url = format!("file://{file}");
        let snapshot = read_snapshot(&doc.root_element(), &url, &clock)
            .map_err(|e| format!("cannot read {file}: {e}"))?;
        let settings = match settings_file {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {path}: {e}"))?;
                let user: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| format!("{path} is not JSON: {e}"))?;
                let resolved = resolve(&user, &serde_json::Value::Null);
                for p in &resolved.problems {
                    eprintln!(
                        "animateur: {path}: setting '{}' ignored: {}",
                        p.key, p.message
                    );
                }
                resolved.settings
            }
            None => Settings::default(),
        };
        let mut snapshot = snapshot;
        let stats = snapshot
            .as_mut()
            .map(|s| compute_for(s, &settings, utc_offset_minutes, now));
        let nudges = match (&mut snapshot, viewer) {
            (Some(s), Some(key)) => {
                s.viewer = animateur::model::Viewer {
                    key: Some(key),
                    confidence: animateur::model::Confidence::High,
                };
                let stats = stats.as_ref().expect("computed with the snapshot");
                Some(nudges(
                    s,
                    stats,
                    &settings,
                    &url,
                    utc_offset_minutes,
                    now,
                    last_visit,
                ))
            }
            (None, Some(_)) => Some(serde_json::Value::Null),
            (_, None) => {
                if last_visit.is_some() {
                    return Err("--last-visit needs --viewer".into());
                }
                None
            }
        };
        let mut out = serde_json::json!({
            "file": file,
            "snapshot": snapshot,
            "stats": stats,
        });
        if let Some(nudges) = nudges {
            out["nudges"] = nudges;
        }
        let form = thread_form_in(built_in(), &doc.root_element())
            .map_err(|e| format!("cannot read {file}: {e}"))?;
        if let Some(form) = &form {
            out["threadForm"] = serde_json::json!({ "questionBox": form.question.is_some() });
        }
        if draft_title.is_some() || draft_body.is_some() || question {
            let form = form.ok_or(
                "--draft-title, --draft-body and --question need a page with a new-thread form",
            )?;
            let draft = ThreadDraft {
                title: draft_title.as_deref().unwrap_or_default(),
                body: draft_body.as_deref().unwrap_or_default(),
                question: form.question.as_ref().map(|_| question),
                focus: DraftField::Other,
            };
            let writing = Writing {
                snapshot: snapshot.as_ref(),
                settings: &settings,
                url: &url,
                utc_offset_minutes,
                now,
            };
            out["writing"] = writing.decide(&draft);
        }
        serde_json::to_string_pretty(&out).map_err(|e| e.to_string())
    }

    /// A saved page being written on: the page and settings the composer rules read.
    struct Writing<'a> {
        snapshot: Option<&'a animateur::model::PageSnapshot>,
        settings: &'a Settings,
        url: &'a str,
        utc_offset_minutes: i32,
        now: i64,
    }

    impl Writing<'_> {
        /// What the gate decides once the draft is written, with no history: the tip
        /// shown and the reason each other candidate waits.
        fn decide(&self, draft: &ThreadDraft) -> serde_json::Value {
            use animateur::nudges::history::History;
            use animateur::nudges::view::{Presence, WritingView};
            use animateur::nudges::{on_page, Candidate, Target};
            let unknown = animateur::model::Viewer {
                key: None,
                confidence: animateur::model::Confidence::None,
            };
            let viewer = self.snapshot.map_or(&unknown, |s| &s.viewer);
            let threads = self.snapshot.map(PageThread::of).unwrap_or_default();
            // A saved page has no live controls: the form stands for the field, the
            // thread being on the page for its link.
            let present = |c: &Candidate| match (&c.target, self.snapshot) {
                (Target::Composer, _) => true,
                (target, Some(s)) => on_page(s, target),
                (_, None) => false,
            };
            let presence = Presence {
                tab_visible: true,
                typing: true,
                shown_this_view: 0,
                has_control: &present,
            };
            let origin = self.url.split('/').take(3).collect::<Vec<_>>().join("/");
            let view = WritingView {
                settings: self.settings,
                url: self.url,
                origin: &origin,
                now: self.now,
                utc_offset_minutes: self.utc_offset_minutes,
                viewer,
                draft: Some(draft),
                threads: &threads,
            };
            let decision = view.decide(&History::default(), &presence);
            serde_json::json!({
                "show": decision.show,
                "waiting": decision.refused.iter().map(|(c, reason)| serde_json::json!({
                    "rule": c.rule, "object": c.object, "reason": reason,
                })).collect::<Vec<_>>(),
            })
        }
    }

    /// What the gate decides for a first view of the page, with the tab visible and the
    /// viewer not typing: the nudge shown and the reason each other candidate waits.
    fn nudges(
        snapshot: &animateur::model::PageSnapshot,
        stats: &animateur::stats::PageStats,
        settings: &Settings,
        page: &str,
        utc_offset_minutes: i32,
        now: i64,
        last_visit: Option<i64>,
    ) -> serde_json::Value {
        use animateur::nudges::history::{History, Visit};
        use animateur::nudges::view::{PageView, Presence};
        use animateur::nudges::{on_page, Candidate};
        let view = PageView {
            snapshot,
            settings,
            url: page,
            now,
            utc_offset_minutes,
        };
        // A saved page has no live controls: the object being on it stands for them.
        let present = |c: &Candidate| on_page(snapshot, &c.target);
        let presence = Presence {
            tab_visible: true,
            typing: false,
            shown_this_view: 0,
            has_control: &present,
        };
        // A saved page has no history: `--last-visit` stands for one earlier view.
        let previous = last_visit.map(|last_seen| Visit {
            count: 1,
            last_seen,
            ..Visit::default()
        });
        let decision = view.decide(&History::default(), previous.as_ref(), &presence);
        serde_json::json!({
            "hints": view.hints(stats, &animateur::nudges::hints::published_findings(snapshot, &settings.analyzer_config())),
            "show": decision.show,
            "waiting": decision.refused.iter().map(|(c, reason)| serde_json::json!({
                "rule": c.rule, "object": c.object, "reason": reason,
            })).collect::<Vec<_>>(),
        })
    }

    fn parse_now(text: &str) -> Result<i64, String> {
        let ctx = DateContext {
            now: 0,
            utc_offset_minutes: 0,
            order: DateOrder::DayFirst,
        };
        parse_page_time(text, &ctx)
            .filter(|t| !t.approximate)
            .map(|t| t.utc)
            .ok_or_else(|| format!("--now must be an ISO-8601 instant, not '{text}'"))
    }
}
