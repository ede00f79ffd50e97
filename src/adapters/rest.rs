//! The page's complete comment tree from SharePoint's own REST API, read on the page's
//! origin with the user's session. The DOM shows only what the page has rendered (the
//! comments web part appears when scrolled to, long threads are paged); the REST
//! answer is complete, so the two are merged: REST items first, DOM-only items kept,
//! one entry per comment id.
//!
//! Pure: this module decides which URLs to request and reads their bodies; the browser
//! edge does the requests. Every URL it produces is on the page's own origin; a page
//! whose context names another origin gets no request at all.

use super::{fold_name, percent_decode};
use crate::dates::{parse_page_time, DateContext};
use crate::dom_tree::{DomElement, SelectorError};
use crate::keyed_hash::{HashMap, HashSet};
use crate::model::{Item, PageSnapshot, PageSummary, Thread, ThreadKind};
use serde_json::Value;
use std::collections::VecDeque;

/// Requests per page reading (first page, further pages, reply lists): a hostile or
/// broken endpoint that keeps answering "next" cannot keep Animateur busy.
pub const MAX_REQUESTS: usize = 40;
/// Comments kept per page; the rest is reported, not read.
pub const MAX_ITEMS: usize = 10_000;
/// Bodies larger than this are not parsed.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Reply nesting followed inside one answer (SharePoint nests two levels).
pub const MAX_DEPTH: usize = 8;

/// What the page's inline `_spPageContextInfo` says about where the page lives. Every
/// field is optional: tenants rename or drop them, and classic pages have no page
/// item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageContext {
    pub web_absolute_url: Option<String>,
    pub web_server_relative_url: Option<String>,
    pub list_id: Option<String>,
    pub item_id: Option<String>,
}

const CONTEXT_MARKER: &str = "_spPageContextInfo";

/// A JSON string value of `key` in a script's text (SharePoint writes `\u002f` for
/// slashes, so the value is decoded as JSON).
fn string_field(text: &str, key: &str) -> Option<String> {
    let re =
        regex_lite::Regex::new(&format!(r#""{key}"\s*:\s*"((?:[^"\\]|\\.){{0,2048}})""#)).ok()?;
    let raw = re.captures(text)?.get(1)?.as_str();
    serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
}

fn number_field(text: &str, key: &str) -> Option<String> {
    let re = regex_lite::Regex::new(&format!(r#""{key}"\s*:\s*"?(\d{{1,12}})"?"#)).ok()?;
    Some(re.captures(text)?.get(1)?.as_str().to_owned())
}

/// Reads the page context from the text of the script that defines it.
pub fn context_from_script(text: &str) -> PageContext {
    PageContext {
        web_absolute_url: string_field(text, "webAbsoluteUrl"),
        web_server_relative_url: string_field(text, "webServerRelativeUrl"),
        list_id: string_field(text, "pageListId"),
        item_id: number_field(text, "pageItemId"),
    }
}

/// The page context of the first inline script defining one, if any.
pub fn read_context<E: DomElement>(root: &E) -> Result<Option<PageContext>, SelectorError> {
    for script in root.select_all("script")? {
        let text = script.text();
        if text.contains(CONTEXT_MARKER) {
            return Ok(Some(context_from_script(&text)));
        }
    }
    Ok(None)
}

/// `scheme://host[:port]` of an http(s) URL, lower-cased, default port dropped; `None`
/// for anything else (other schemes, user info, no host).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    if authority.contains(['@', '\\']) {
        return None;
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (h, after) = v6.split_once(']')?;
            let port = match after {
                "" => "",
                p => p.strip_prefix(':')?,
            };
            (format!("[{h}]"), port)
        }
        None => match authority.split_once(':') {
            Some((h, p)) => (h.to_owned(), p),
            None => (authority.clone(), ""),
        },
    };
    let host_ok = host.len() > 2 || !host.starts_with('[');
    if host.is_empty()
        || !host_ok
        || !port.chars().all(|c| c.is_ascii_digit())
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'))
    {
        return None;
    }
    Some(if port.is_empty() || port == default_port {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}:{port}")
    })
}

/// Where the comments are, once checked against the page's origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestTarget {
    pub origin: String,
    /// The web's server-relative path, without a trailing slash (`/sites/rh`).
    pub web_path: String,
    pub list_id: String,
    pub item_id: String,
}

impl RestTarget {
    fn item_api(&self) -> String {
        format!(
            "{}{}/_api/web/lists(guid'{}')/GetItemById({})",
            self.origin, self.web_path, self.list_id, self.item_id
        )
    }

    pub fn comments_url(&self) -> String {
        format!("{}/Comments", self.item_api())
    }

    pub fn replies_url(&self, comment_id: &str) -> String {
        format!("{}/Comments('{comment_id}')/replies", self.item_api())
    }

    /// Whether a URL an answer points to (a next page) may be requested: same origin,
    /// under this web's API.
    pub fn allows(&self, url: &str) -> bool {
        let api = format!("{}{}/_api/", self.origin, self.web_path);
        origin_of(url).as_deref() == Some(self.origin.as_str())
            && url.starts_with(&api)
            && !url.contains(['\\', '\n', '\r', ' '])
    }
}

/// What to do about REST on this page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// The page does not say where its comments are (no list or item id): DOM only.
    NotApplicable,
    /// The page context points somewhere Animateur will not send the user's session.
    Refused(String),
    Fetch(RestTarget),
}

fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.chars().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A server-relative web path that stays a path: starts with one slash, no scheme,
/// query, fragment, backslash or control character.
fn clean_web_path(path: &str) -> Option<String> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path
            .chars()
            .any(|c| c.is_control() || matches!(c, '?' | '#' | '\\' | '"' | '\'' | ' '));
    ok.then(|| path.trim_end_matches('/').to_owned())
}

/// Decides whether and where to fetch, given the page context and the page's URL.
pub fn plan(ctx: &PageContext, page_url: &str) -> Plan {
    let (Some(list), Some(item)) = (&ctx.list_id, &ctx.item_id) else {
        return Plan::NotApplicable;
    };
    let Some(origin) = origin_of(page_url) else {
        return Plan::NotApplicable;
    };
    let list = list.trim_matches(['{', '}']).to_ascii_lowercase();
    if !is_guid(&list) || item.is_empty() || !item.chars().all(|c| c.is_ascii_digit()) {
        return Plan::Refused("the page context's list or item id is malformed".into());
    }
    let web_path = if let Some(abs) = ctx.web_absolute_url.as_deref().filter(|s| !s.is_empty()) {
        if origin_of(abs).as_deref() != Some(origin.as_str()) {
            return Plan::Refused(format!(
                "the page context names another origin than the page's ({origin}); no request sent"
            ));
        }
        let (_, rest) = abs.split_once("://").unwrap_or_default();
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        clean_web_path(path)
    } else if let Some(rel) = ctx.web_server_relative_url.as_deref() {
        clean_web_path(rel)
    } else {
        None
    };
    match web_path {
        Some(web_path) => Plan::Fetch(RestTarget {
            origin,
            web_path,
            list_id: list,
            item_id: item.clone(),
        }),
        None => Plan::Refused("the page context's web URL is not a plain path".into()),
    }
}

/// One comment as read, with its inline replies.
#[derive(Clone, Debug)]
struct Node {
    item: Item,
    reply_count: u64,
    replies: Vec<Node>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Want {
    Comments,
    Replies(String),
}

/// Collects the comment tree over several requests: the first page, further pages,
/// the reply lists the answers left incomplete. Drive it with [`Collector::next_url`]
/// and [`Collector::accept`] / [`Collector::failed`].
pub struct Collector {
    target: RestTarget,
    dates: DateContext,
    queue: VecDeque<(String, Want)>,
    requested: usize,
    tops: Vec<Node>,
    top_index: HashMap<String, usize>,
    count: usize,
    /// Whether the first page arrived: without it there is no REST result.
    answered: bool,
    pub warnings: Vec<String>,
}

impl Collector {
    pub fn new(target: RestTarget, dates: DateContext) -> Self {
        let first = target.comments_url();
        Collector {
            target,
            dates,
            queue: VecDeque::from([(first, Want::Comments)]),
            requested: 0,
            tops: Vec::new(),
            top_index: HashMap::default(),
            count: 0,
            answered: false,
            warnings: Vec::new(),
        }
    }

    /// The next URL to request, or `None` when done (or the request budget is spent).
    pub fn next_url(&mut self) -> Option<String> {
        let (url, _) = self.queue.front()?;
        if self.requested >= MAX_REQUESTS {
            self.warnings
                .push(format!("stopped after {MAX_REQUESTS} requests"));
            self.queue.clear();
            return None;
        }
        self.requested += 1;
        Some(url.clone())
    }

    fn take(&mut self, url: &str) -> Option<Want> {
        let i = self.queue.iter().position(|(u, _)| u == url)?;
        self.queue.remove(i).map(|(_, w)| w)
    }

    /// Leaves `url` unrequested for now, without a warning: a caller that cannot
    /// request by itself (the extension frame) collects what it still needs and asks
    /// again once its loader has fetched it.
    pub fn defer(&mut self, url: &str) {
        self.take(url);
    }

    /// The request for `url` failed (network, status, timeout). A failed first page
    /// means no REST result; a failed later page leaves a partial one.
    pub fn failed(&mut self, url: &str, why: &str) {
        if let Some(want) = self.take(url) {
            self.warnings.push(format!("{url}: {why}"));
            if want == Want::Comments && !self.answered {
                self.queue.clear();
            }
        }
    }

    /// Reads the body answering `url`. Whatever the body holds, the result is at worst
    /// partial, with a warning.
    pub fn accept(&mut self, url: &str, body: &str) {
        let Some(want) = self.take(url) else { return };
        if body.len() > MAX_BODY_BYTES {
            self.failed_body(url, &want, "answer too large");
            return;
        }
        let (list, next) = match parse_page(body) {
            Ok(page) => page,
            Err(why) => {
                self.failed_body(url, &want, &why);
                return;
            }
        };
        if want == Want::Comments {
            self.answered = true;
        }
        let parent = match &want {
            Want::Comments => None,
            Want::Replies(id) => Some(id.clone()),
        };
        let mut nodes = Vec::new();
        for value in list {
            if self.count >= MAX_ITEMS {
                self.warnings.push(format!(
                    "more than {MAX_ITEMS} comments; the rest is not read"
                ));
                self.queue.clear();
                break;
            }
            if let Some(node) = self.node(&value, parent.as_deref(), 0) {
                nodes.push(node);
            }
        }
        match &want {
            Want::Comments => {
                for node in nodes {
                    self.add_top(node);
                }
            }
            Want::Replies(id) => {
                if let Some(&i) = self.top_index.get(id) {
                    let top = &mut self.tops[i];
                    let known: HashSet<String> =
                        top.replies.iter().map(|r| r.item.id.clone()).collect();
                    top.replies
                        .extend(nodes.into_iter().filter(|n| !known.contains(&n.item.id)));
                }
            }
        }
        if let Some(next) = next {
            if self.target.allows(&next) {
                self.queue.push_back((next, want));
            } else {
                self.warnings
                    .push("a next-page link leaves the page's site; not followed".into());
            }
        }
    }

    fn failed_body(&mut self, url: &str, want: &Want, why: &str) {
        self.warnings.push(format!("{url}: {why}"));
        if *want == Want::Comments && !self.answered {
            self.queue.clear();
        }
    }

    fn add_top(&mut self, node: Node) {
        if self.top_index.contains_key(&node.item.id) {
            return;
        }
        let inline = node.replies.len() as u64;
        if node.reply_count > inline {
            let url = self.target.replies_url(&node.item.id);
            self.queue
                .push_back((url, Want::Replies(node.item.id.clone())));
        }
        self.top_index.insert(node.item.id.clone(), self.tops.len());
        self.tops.push(node);
    }

    fn node(&mut self, value: &Value, parent: Option<&str>, depth: usize) -> Option<Node> {
        let Some(obj) = value.as_object() else {
            self.warnings.push("a comment is not an object".into());
            return None;
        };
        let Some(id) = obj.get("id").and_then(id_text) else {
            self.warnings.push("a comment without a usable id".into());
            return None;
        };
        self.count += 1;
        let parent = match obj.get("parentId").and_then(id_text) {
            Some(p) if p != "0" => Some(p),
            _ => parent.map(str::to_owned),
        };
        let author = obj.get("author").and_then(person);
        let (author, author_name) = match author {
            Some((key, name)) => (Some(key), name),
            None => (None, None),
        };
        let text = obj
            .get("text")
            .and_then(Value::as_str)
            .map(|t| with_mentions(t, obj.get("mentions")));
        let created = obj
            .get("createdDate")
            .and_then(Value::as_str)
            .and_then(|d| parse_page_time(d, &self.dates));
        let mut replies = Vec::new();
        if let Some(list) = obj.get("replies").and_then(results) {
            if depth + 1 >= MAX_DEPTH {
                self.warnings
                    .push(format!("replies nested deeper than {MAX_DEPTH}; not read"));
            } else {
                for r in list {
                    if self.count >= MAX_ITEMS {
                        break;
                    }
                    if let Some(n) = self.node(r, Some(&id), depth + 1) {
                        replies.push(n);
                    }
                }
            }
        }
        Some(Node {
            item: Item {
                id,
                author,
                author_name,
                created,
                editor: None,
                modified: None,
                parent,
                likes: obj.get("likeCount").and_then(count).unwrap_or(0),
                likers: Vec::new(),
                text,
            },
            reply_count: obj.get("replyCount").and_then(count).unwrap_or(0),
            replies,
        })
    }

    /// Whether there is anything to merge: the first page was read.
    pub fn answered(&self) -> bool {
        self.answered
    }

    /// The comments in reading order (each comment followed by its replies), one per id.
    pub fn finish(self) -> Option<Vec<Item>> {
        if !self.answered {
            return None;
        }
        let mut out = Vec::with_capacity(self.count);
        let mut seen = HashSet::default();
        let mut stack: Vec<Node> = self.tops.into_iter().rev().collect();
        while let Some(node) = stack.pop() {
            stack.extend(node.replies.into_iter().rev());
            if seen.insert(node.item.id.clone()) {
                out.push(node.item);
            }
        }
        Some(out)
    }
}

/// An answer fetched by a caller that cannot request from here (the extension frame's
/// loader): the body, or why there is none.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Answer {
    pub ok: bool,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
}

/// What the answers fetched so far give: the tree once nothing is missing, else the
/// URLs still needed.
#[derive(Debug, Default)]
pub struct Replay {
    pub items: Option<Vec<Item>>,
    pub wanted: Vec<String>,
    pub warnings: Vec<String>,
}

/// Runs the collection over answers already fetched (the loader fetches, the frame
/// reads), listing the URLs still needed. Each round asks for the next layer: the
/// first page, then further pages and reply lists.
pub fn replay(target: RestTarget, dates: DateContext, answers: &HashMap<String, Answer>) -> Replay {
    let mut c = Collector::new(target, dates);
    let mut wanted = Vec::new();
    while let Some(url) = c.next_url() {
        match answers.get(&url) {
            Some(Answer {
                ok: true,
                body: Some(body),
                ..
            }) => c.accept(&url, body),
            Some(a) => c.failed(&url, a.error.as_deref().unwrap_or("request failed")),
            None => {
                wanted.push(url.clone());
                c.defer(&url);
            }
        }
    }
    let warnings = std::mem::take(&mut c.warnings);
    Replay {
        items: if wanted.is_empty() { c.finish() } else { None },
        wanted,
        warnings,
    }
}

/// The list of comments and the next page's link, in either OData flavour:
/// `{"value": [...], "@odata.nextLink"?}` (nometadata/minimal) or
/// `{"d": {"results": [...], "__next"?}}` (verbose).
fn parse_page(body: &str) -> Result<(Vec<Value>, Option<String>), String> {
    let value: Value = serde_json::from_str(body).map_err(|e| format!("not JSON ({e})"))?;
    let (list, holder) = if let Some(d) = value.get("d") {
        (d.get("results").or(Some(d)), d)
    } else {
        (value.get("value").or(Some(&value)), &value)
    };
    let list = list
        .and_then(results)
        .ok_or("no comment list in the answer")?
        .to_vec();
    let next = ["@odata.nextLink", "odata.nextLink", "__next"]
        .iter()
        .find_map(|k| holder.get(*k).and_then(Value::as_str))
        .map(str::to_owned);
    Ok((list, next))
}

/// An array, or a verbose `{"results": [...]}` wrapper around one.
fn results(v: &Value) -> Option<&Vec<Value>> {
    v.as_array()
        .or_else(|| v.get("results").and_then(Value::as_array))
}

/// Ids arrive as strings (`"12"`) or numbers; only digit strings are kept, since they
/// go into reply URLs and must match the DOM's permalink ids.
fn id_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.as_u64()?.to_string(),
        _ => return None,
    };
    (!s.is_empty() && s.len() <= 18 && s.chars().all(|c| c.is_ascii_digit())).then_some(s)
}

fn count(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// (key, display name), keyed like the DOM's author links so the same person counts
/// once: the account name (modern pages link `me.aspx?accountname=`), else the site
/// user id (classic pages link `userdisp.aspx?ID=`), else the folded display name.
fn person(author: &Value) -> Option<(String, Option<String>)> {
    let name = author
        .get("name")
        .and_then(Value::as_str)
        .map(fold_name)
        .filter(|n| !n.is_empty());
    let login = author
        .get("loginName")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let key = if let Some(login) = login {
        format!("account:{}", percent_decode(login))
    } else if let Some(id) = author.get("id").and_then(id_text).filter(|id| id != "0") {
        format!("id:{id}")
    } else {
        format!("name:{}", name.as_deref()?.to_lowercase())
    };
    Some((key, name))
}

/// SharePoint writes `@mention{0}` in a comment's text for the first mentioned
/// person; the snapshot keeps the name, as the page shows it.
fn with_mentions(text: &str, mentions: Option<&Value>) -> String {
    let mut out = text.to_owned();
    if let Some(list) = mentions.and_then(results) {
        for (i, m) in list.iter().enumerate().take(100) {
            if let Some(name) = m.get("name").and_then(Value::as_str) {
                out = out.replace(&format!("@mention{{{i}}}"), name);
            }
        }
    }
    out
}

/// Merges the REST comments into the DOM's reading: the page's comment section
/// becomes the REST tree (each item completed by the DOM's values where REST lacks
/// them), followed by the comments only the DOM shows (just posted, or not in the
/// answer). The summary's counts grow by what the DOM had not shown.
pub fn merge(summary: &mut PageSummary, snapshot: &mut PageSnapshot, rest: Vec<Item>) {
    let dom_authors: HashSet<String> = snapshot
        .threads
        .iter()
        .flat_map(|t| &t.items)
        .chain(&snapshot.loose_items)
        .filter_map(|i| i.author.clone())
        .collect();
    let index = snapshot
        .threads
        .iter()
        .position(|t| t.kind == ThreadKind::Comments);
    let index = match index {
        Some(i) => i,
        None if rest.is_empty() => return,
        None => {
            snapshot.threads.push(Thread {
                id: rest[0].id.clone(),
                kind: ThreadKind::Comments,
                title: None,
                items: Vec::new(),
                best_reply: None,
                best_reply_marked: false,
                unseen_replies: 0,
            });
            summary.threads = summary.threads.max(1);
            snapshot.threads.len() - 1
        }
    };
    let thread = &mut snapshot.threads[index];
    let mut dom: HashMap<String, Item> = HashMap::default();
    let mut dom_order = Vec::new();
    for item in std::mem::take(&mut thread.items) {
        if !dom.contains_key(&item.id) {
            dom_order.push(item.id.clone());
            dom.insert(item.id.clone(), item);
        }
    }
    let mut new_authors = HashSet::default();
    let mut merged = Vec::with_capacity(rest.len() + dom.len());
    let mut seen = HashSet::default();
    for mut item in rest {
        if !seen.insert(item.id.clone()) {
            continue;
        }
        match dom.remove(&item.id) {
            Some(shown) => {
                summary.item_likes = summary
                    .item_likes
                    .saturating_sub(shown.likes)
                    .saturating_add(item.likes);
                item.author = item.author.or(shown.author);
                item.author_name = item.author_name.or(shown.author_name);
                item.created = item.created.or(shown.created);
                item.text = item.text.or(shown.text);
                if item.likers.is_empty() {
                    item.likers = shown.likers;
                }
            }
            None => {
                summary.items = summary.items.saturating_add(1);
                summary.item_likes = summary.item_likes.saturating_add(item.likes);
            }
        }
        if let Some(a) = &item.author {
            if !dom_authors.contains(a) {
                new_authors.insert(a.clone());
            }
        }
        merged.push(item);
    }
    merged.extend(dom_order.into_iter().filter_map(|id| dom.remove(&id)));
    summary.contributors = summary
        .contributors
        .saturating_add(new_authors.len() as u64);
    if summary.threads == 0 && !merged.is_empty() {
        summary.threads = 1;
    }
    // A comment section's id is its first comment's, as when the DOM shows it all.
    if let Some(first) = merged.first() {
        thread.id = first.id.clone();
    }
    thread.items = merged;
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
