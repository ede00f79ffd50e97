//! Reading the dates SharePoint prints as localized text ("il y a 3 heures",
//! "hier à 14:05", "22 novembre 2026", "Nov. 22, 2026 at 2:05 PM", "22/11/2026") into
//! UTC instants. Relative texts are resolved against a fixed `now` at extraction and
//! marked approximate, so stored instants never drift and callers know which ones to
//! trust to the minute.
//!
//! The text is split into tokens (digit runs, lowercased accent-free words, single
//! symbols; whitespace of any kind dropped), then each known shape is tried at every
//! token position, so surrounding words ("Publié le", "Posted", a weekday) are skipped.
//! A shape that matches but names an impossible date or time ("31/02/2026",
//! "hier à 25:00") rejects the whole text rather than falling back to a looser reading.

/// Seconds since the Unix epoch, UTC. Plain integers keep the instants cheap to sort,
/// compare and serialize across the wasm boundary.
pub type UnixSeconds = i64;

/// A date read from a page. `approximate` is true when the text was relative to the
/// moment of reading ("il y a 2 jours", "hier" without a time), so statistics can
/// avoid treating it as minute-precise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageTime {
    pub utc: UnixSeconds,
    pub approximate: bool,
}

/// How to read an ambiguous numeric date such as 05/06/2026: French pages write the
/// day first, English (US) pages the month first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

/// What a page's date texts are relative to. Pages print local wall-clock times and
/// relative phrases, so reading them needs the moment of reading and the viewer's
/// offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateContext {
    /// The moment of reading; relative texts count back from it.
    pub now: UnixSeconds,
    /// The viewer's offset from UTC in minutes (local = UTC + offset; +60 for Paris
    /// in winter), because SharePoint renders times in the viewer's zone.
    pub utc_offset_minutes: i32,
    /// How to read numeric dates whose day and month are both 12 or less.
    pub order: DateOrder,
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (negative before), so
/// dates can be turned into instants without a calendar crate. `m` must be 1..=12 and
/// `d` 1..=31; the date is not validated. Years must stay within a human range (far
/// beyond ±10^13 the arithmetic overflows).
pub const fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    // Howard Hinnant's algorithm: count from 0000-03-01 so the leap day ends the year.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let mp = ((m + 9) % 12) as i64; // March = 0 … February = 11
    let doy = (153 * mp + 2) / 5 + d as i64 - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date (year, month 1..=12, day 1..=31) of a day count from
/// 1970-01-01: the inverse of [`days_from_civil`], needed to find "today" and
/// "yesterday" in the viewer's zone.
pub const fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // March = 0 … February = 11
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

/// Reads one date from a page text, or `None` when the text holds no date this module
/// understands, or holds an impossible one. Never panics, whatever the input.
///
/// Decisions worth knowing: a date without a time ("22 novembre 2026", "hier") is placed
/// at local noon, so its day stays the same in UTC for every real offset; a date without
/// a year ("22 novembre") takes the most recent year in which it falls no later than
/// tomorrow (local); weekday names are ignored, not cross-checked.
pub fn parse_page_time(text: &str, ctx: &DateContext) -> Option<PageTime> {
    let toks = tokenize(text);
    const SHAPES: [Shape; 7] = [
        iso_8601,
        slash_date,
        day_month,
        month_day,
        relative_fr,
        relative_en,
        day_word,
    ];
    for start in 0..toks.len() {
        for shape in SHAPES {
            match shape(
                &mut Cur {
                    toks: &toks,
                    pos: start,
                },
                ctx,
            ) {
                Attempt::NoMatch => continue,
                Attempt::Invalid => return None,
                Attempt::Found(t) => return (0..END_UTC).contains(&t.utc).then_some(t),
            }
        }
    }
    None
}

const MINUTE: i64 = 60;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;
/// Local noon: the time given to dates printed without one (see [`parse_page_time`]).
const NOON: i64 = 12 * HOUR;
/// "quelques", "a few", "plusieurs", "several": a guess, and the result is approximate.
const FEW: i64 = 3;
const FIRST_YEAR: i64 = 1970;
const LAST_YEAR: i64 = 2200;
/// Instants at or after 2201-01-01T00:00Z are rejected, like years after 2200.
const END_UTC: i64 = days_from_civil(LAST_YEAR + 1, 1, 1) * DAY;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    /// A run of ASCII digits; `value` is `None` when it overflows.
    Num { value: Option<u64>, digits: usize },
    /// A run of letters, lowercased and without accents; inner apostrophes kept as '.
    Word(String),
    /// Any other non-space character, one per token.
    Sym(char),
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Maps accented Latin letters to their base letter so "février", "fevrier" and a
/// decomposed "fe\u{301}vrier" all read the same.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

fn tokenize(text: &str) -> Vec<Tok> {
    // Over the chars as they come (no decoded copy of the text): every item's date is
    // read, and most are a handful of tokens.
    let mut chars = text.chars().peekable();
    let mut toks = Vec::with_capacity(8);
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_digit() {
            let mut value = Some(0u64);
            let mut digits = 0;
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                let digit = u64::from(d as u8 - b'0');
                value = value.and_then(|v| v.checked_mul(10)?.checked_add(digit));
                digits += 1;
            }
            toks.push(Tok::Num { value, digits });
        } else if c.is_alphabetic() {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_alphabetic() {
                    word.extend(c.to_lowercase().map(fold_accent));
                } else if is_combining_mark(c) {
                    // Dropped: a decomposed accent.
                } else if is_apostrophe(c) && chars.clone().nth(1).is_some_and(char::is_alphabetic)
                {
                    word.push('\'');
                } else {
                    break;
                }
                chars.next();
            }
            toks.push(Tok::Word(word));
        } else {
            toks.push(Tok::Sym(c));
            chars.next();
        }
    }
    toks
}

/// A position in the token list. It is `Copy` so a shape can remember where it was and
/// back off when an optional part does not follow.
#[derive(Clone, Copy)]
struct Cur<'a> {
    toks: &'a [Tok],
    pos: usize,
}

impl<'a> Cur<'a> {
    fn peek(&self) -> Option<&'a Tok> {
        self.toks.get(self.pos)
    }

    fn peek_word(&self) -> Option<&'a str> {
        match self.peek() {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    fn eat_any(&mut self, words: &[&str]) -> bool {
        let hit = self.peek_word().is_some_and(|w| words.contains(&w));
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn eat_word(&mut self, word: &str) -> bool {
        self.eat_any(&[word])
    }

    fn eat_sym(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(&Tok::Sym(c));
        if hit {
            self.pos += 1;
        }
        hit
    }

    /// A number written with `min..=max` digits ("05" counts two).
    fn eat_num(&mut self, min: usize, max: usize) -> Option<u64> {
        match self.peek() {
            Some(&Tok::Num {
                value: Some(v),
                digits,
            }) if (min..=max).contains(&digits) => {
                self.pos += 1;
                Some(v)
            }
            _ => None,
        }
    }
}

/// The result of trying one shape at one position. `Invalid` means the text clearly is
/// a date or time but an impossible one, which rejects the whole text.
enum Attempt {
    NoMatch,
    Invalid,
    Found(PageTime),
}

type Shape = fn(&mut Cur, &DateContext) -> Attempt;

/// Unwraps a `Result` inside a shape, turning `Err` into `Attempt::Invalid`.
macro_rules! valid {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(Impossible) => return Attempt::Invalid,
        }
    };
}

/// A date or time that was recognized but cannot exist.
struct Impossible;

fn exact(utc: i64) -> Attempt {
    Attempt::Found(PageTime {
        utc,
        approximate: false,
    })
}

fn approximate(utc: i64) -> Attempt {
    Attempt::Found(PageTime {
        utc,
        approximate: true,
    })
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_valid_date(y: i64, m: u32, d: u32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&y) && d >= 1 && d <= days_in_month(y, m)
}

fn offset_seconds(ctx: &DateContext) -> i64 {
    i64::from(ctx.utc_offset_minutes) * MINUTE
}

/// The viewer's current local day, as days since 1970-01-01.
fn local_today(ctx: &DateContext) -> Result<i64, Impossible> {
    let local = ctx.now.checked_add(offset_seconds(ctx)).ok_or(Impossible)?;
    Ok(local.div_euclid(DAY))
}

/// The UTC instant of a local day and time of day.
fn local_to_utc(day: i64, seconds: i64, ctx: &DateContext) -> Result<i64, Impossible> {
    day.checked_mul(DAY)
        .and_then(|s| s.checked_add(seconds))
        .and_then(|s| s.checked_sub(offset_seconds(ctx)))
        .ok_or(Impossible)
}

/// An absolute local date, at `time` or noon when the text gave none.
fn local_date(y: i64, m: u32, d: u32, time: Option<i64>, ctx: &DateContext) -> Attempt {
    if !is_valid_date(y, m, d) {
        return Attempt::Invalid;
    }
    exact(valid!(local_to_utc(
        days_from_civil(y, m, d),
        time.unwrap_or(NOON),
        ctx
    )))
}

/// A date printed without its year: the latest year in which it falls no later than
/// tomorrow (local), which allows for a page rendered in a zone slightly ahead. Going
/// back up to eight years finds a leap year for "29 février".
fn date_without_year(m: u32, d: u32, time: Option<i64>, ctx: &DateContext) -> Attempt {
    let today = valid!(local_today(ctx));
    let (this_year, _, _) = civil_from_days(today);
    for y in (this_year - 8..=this_year + 1).rev() {
        if is_valid_date(y, m, d) && days_from_civil(y, m, d) <= today + 1 {
            return local_date(y, m, d, time, ctx);
        }
    }
    Attempt::Invalid
}

/// "am"/"pm", "a.m."/"p.m.": `Some(true)` for afternoon.
fn meridiem(cur: &mut Cur) -> Option<bool> {
    if cur.eat_word("am") {
        return Some(false);
    }
    if cur.eat_word("pm") {
        return Some(true);
    }
    let save = *cur;
    let pm = if cur.eat_word("a") {
        false
    } else if cur.eat_word("p") {
        true
    } else {
        return None;
    };
    if cur.eat_sym('.') && cur.eat_word("m") {
        cur.eat_sym('.');
        return Some(pm);
    }
    *cur = save;
    None
}

/// A local time of day in seconds: "14:05", "14:05:30", "14h05", "14 h 05", "14h",
/// "9:30 AM", "2 pm". `Ok(None)` (cursor unmoved) when no time is written here.
fn time_of_day(cur: &mut Cur) -> Result<Option<i64>, Impossible> {
    let save = *cur;
    let Some(hour) = cur.eat_num(1, 2) else {
        return Ok(None);
    };
    let mut minute = 0;
    let mut second = 0;
    let separated = if cur.eat_sym(':') {
        let Some(m) = cur.eat_num(2, 2) else {
            *cur = save;
            return Ok(None);
        };
        minute = m;
        let before_seconds = *cur;
        if cur.eat_sym(':') {
            match cur.eat_num(2, 2) {
                Some(s) => second = s,
                None => *cur = before_seconds,
            }
        }
        true
    } else if cur.eat_word("h") {
        if let Some(m) = cur.eat_num(2, 2) {
            minute = m;
        }
        true
    } else {
        false
    };
    let pm = meridiem(cur);
    if !separated && pm.is_none() {
        *cur = save;
        return Ok(None);
    }
    if minute > 59 || second > 59 {
        return Err(Impossible);
    }
    let hour = match pm {
        None if hour <= 23 => hour,
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        _ => return Err(Impossible),
    };
    // All three are small, so the casts cannot truncate.
    Ok(Some(
        hour as i64 * HOUR + minute as i64 * MINUTE + second as i64,
    ))
}

/// A time that may follow a date, after "à", "at", a comma or a dash. `Ok(None)`
/// (cursor unmoved) when none follows.
fn optional_time(cur: &mut Cur) -> Result<Option<i64>, Impossible> {
    let save = *cur;
    for _ in 0..2 {
        let connector = cur.eat_sym(',')
            || cur.eat_sym('-')
            || cur.eat_sym('@')
            || cur.eat_any(&["a", "at", "vers"]);
        if !connector {
            break;
        }
    }
    let time = time_of_day(cur)?;
    if time.is_none() {
        *cur = save;
    }
    Ok(time)
}

/// A month name or abbreviation, French or English, with an optional final dot.
fn month(cur: &mut Cur) -> Option<u32> {
    let m = match cur.peek_word()? {
        "janvier" | "janv" | "jan" | "january" => 1,
        "fevrier" | "fevr" | "fev" | "feb" | "february" => 2,
        "mars" | "mar" | "march" => 3,
        "avril" | "avr" | "apr" | "april" => 4,
        "mai" | "may" => 5,
        "juin" | "jun" | "june" => 6,
        "juillet" | "juil" | "jul" | "july" => 7,
        "aout" | "aug" | "august" => 8,
        "septembre" | "sept" | "sep" | "september" => 9,
        "octobre" | "oct" | "october" => 10,
        "novembre" | "nov" | "november" => 11,
        "decembre" | "dec" | "december" => 12,
        _ => return None,
    };
    cur.pos += 1;
    cur.eat_sym('.');
    Some(m)
}

/// French and English ordinal suffixes after a day number: "1er", "22nd".
const ORDINALS: &[&str] = &["er", "re", "ere", "e", "st", "nd", "rd", "th"];

/// A four-digit year, optionally after a comma ("November 22, 2026"). Two-digit years
/// are not read here: in "22 novembre 14:05" the 14 is an hour.
fn textual_year(cur: &mut Cur) -> Option<i64> {
    let save = *cur;
    cur.eat_sym(',');
    let year = cur.eat_num(4, 4);
    if year.is_none() {
        *cur = save;
    }
    year.map(|y| y as i64)
}

/// "22 novembre 2026", "1er déc. 2026 à 14h05", "22 November 2026", "22 novembre".
fn day_month(cur: &mut Cur, ctx: &DateContext) -> Attempt {
    let Some(d) = cur.eat_num(1, 2) else {
        return Attempt::NoMatch;
    };
    cur.eat_any(ORDINALS);
    cur.eat_word("de");
    let Some(m) = month(cur) else {
        return Attempt::NoMatch;
    };
    let year = textual_year(cur);
    let time = valid!(optional_time(cur));
    match year {
        Some(y) => local_date(y, m, d as u32, time, ctx),
        None => date_without_year(m, d as u32, time, ctx),
    }
}

/// "November 22, 2026", "Nov. 22, 2026 at 2:05 PM", "November 22".
fn month_day(cur: &mut Cur, ctx: &DateContext) -> Attempt {
    let Some(m) = month(cur) else {
        return Attempt::NoMatch;
    };
    let Some(d) = cur.eat_num(1, 2) else {
        return Attempt::NoMatch;
    };
    cur.eat_any(ORDINALS);
    // "mar. 17 nov." is mardi 17 novembre, not March 17; "mai 14:05" is no date.
    let mut probe = *cur;
    if month(&mut probe).is_some() || cur.eat_sym(':') || cur.eat_word("h") {
        return Attempt::NoMatch;
    }
    let year = textual_year(cur);
    let time = valid!(optional_time(cur));
    match year {
        Some(y) => local_date(y, m, d as u32, time, ctx),
        None => date_without_year(m, d as u32, time, ctx),
    }
}

/// "22/11/2026", "11/22/2026 2:05 PM", "22/11/26 à 14h05". The context's order decides
/// unless one of the first two numbers is over 12.
fn slash_date(cur: &mut Cur, ctx: &DateContext) -> Attempt {
    let (Some(a), true, Some(b), true) = (
        cur.eat_num(1, 2),
        cur.eat_sym('/'),
        cur.eat_num(1, 2),
        cur.eat_sym('/'),
    ) else {
        return Attempt::NoMatch;
    };
    let y = if let Some(yy) = cur.eat_num(2, 2) {
        2000 + yy as i64
    } else if let Some(y) = cur.eat_num(4, 4) {
        y as i64
    } else {
        return Attempt::NoMatch;
    };
    let (d, m) = match (a > 12, b > 12, ctx.order) {
        (true, true, _) => return Attempt::Invalid,
        (true, false, _) => (a, b),
        (false, true, _) => (b, a),
        (false, false, DateOrder::DayFirst) => (a, b),
        (false, false, DateOrder::MonthFirst) => (b, a),
    };
    let time = valid!(optional_time(cur));
    local_date(y, m as u32, d as u32, time, ctx)
}

/// "2026-11-22T14:05:00Z", "2026-11-22T14:05:00.123+01:00", "2026-11-22 14:05",
/// "2026-11-22". Without an offset the time is the viewer's local time.
fn iso_8601(cur: &mut Cur, ctx: &DateContext) -> Attempt {
    let (Some(y), true, Some(m), true, Some(d)) = (
        cur.eat_num(4, 4),
        cur.eat_sym('-'),
        cur.eat_num(2, 2),
        cur.eat_sym('-'),
        cur.eat_num(2, 2),
    ) else {
        return Attempt::NoMatch;
    };
    let (y, m, d) = (y as i64, m as u32, d as u32);
    if !is_valid_date(y, m, d) {
        return Attempt::Invalid;
    }
    let t_written = cur.eat_word("t");
    let save = *cur;
    let (Some(hour), true, Some(minute)) = (cur.eat_num(2, 2), cur.eat_sym(':'), cur.eat_num(2, 2))
    else {
        if t_written {
            return Attempt::Invalid;
        }
        *cur = save;
        return local_date(y, m, d, None, ctx);
    };
    let mut second = 0;
    if cur.eat_sym(':') {
        let Some(s) = cur.eat_num(2, 2) else {
            return Attempt::Invalid;
        };
        second = s;
        if cur.eat_sym('.') || cur.eat_sym(',') {
            // Fractions of a second: skipped, whatever their length.
            if !matches!(cur.peek(), Some(Tok::Num { .. })) {
                return Attempt::Invalid;
            }
            cur.pos += 1;
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Attempt::Invalid;
    }
    let seconds = (hour * 3_600 + minute * 60 + second) as i64;
    let day = days_from_civil(y, m, d);
    let offset = if cur.eat_word("z") {
        Some(0)
    } else if let Some(sign) = [('+', 1), ('-', -1), ('\u{2212}', -1)]
        .into_iter()
        .find_map(|(c, sign)| cur.eat_sym(c).then_some(sign))
    {
        let (oh, om) = if let Some(hhmm) = cur.eat_num(4, 4) {
            (hhmm / 100, hhmm % 100)
        } else if let Some(hh) = cur.eat_num(2, 2) {
            let mm = if cur.eat_sym(':') {
                cur.eat_num(2, 2)
            } else {
                Some(0)
            };
            let Some(mm) = mm else {
                return Attempt::Invalid;
            };
            (hh, mm)
        } else {
            return Attempt::Invalid;
        };
        if oh > 23 || om > 59 {
            return Attempt::Invalid;
        }
        Some(sign * (oh * 3_600 + om * 60) as i64)
    } else {
        None
    };
    match offset {
        Some(offset) => exact(day * DAY + seconds - offset),
        None => exact(valid!(local_to_utc(day, seconds, ctx))),
    }
}

/// Seconds in one unit named by a relative text ("minutes", "h", "jours", "mois");
/// months count 30 days and years 365, as the result is approximate anyway.
fn unit(cur: &mut Cur) -> Option<i64> {
    let seconds = match cur.peek_word()? {
        "s" | "sec" | "secs" | "second" | "seconds" | "seconde" | "secondes" => 1,
        "m" | "mn" | "min" | "mins" | "minute" | "minutes" => MINUTE,
        "h" | "hr" | "hrs" | "hour" | "hours" | "heure" | "heures" => HOUR,
        "d" | "j" | "jr" | "jrs" | "day" | "days" | "jour" | "jours" => DAY,
        "w" | "wk" | "wks" | "week" | "weeks" | "sem" | "semaine" | "semaines" => 7 * DAY,
        "mo" | "mos" | "month" | "months" | "mois" => 30 * DAY,
        "y" | "yr" | "yrs" | "year" | "years" | "an" | "ans" | "annee" | "annees" => 365 * DAY,
        _ => return None,
    };
    cur.pos += 1;
    cur.eat_sym('.');
    Some(seconds)
}

/// A count written as digits; `Err` when it does not fit.
fn count(cur: &mut Cur) -> Option<Result<i64, Impossible>> {
    match cur.peek() {
        Some(&Tok::Num { value, .. }) => {
            cur.pos += 1;
            Some(value.and_then(|v| i64::try_from(v).ok()).ok_or(Impossible))
        }
        _ => None,
    }
}

/// `now` minus `n` units, approximate.
fn ago(n: i64, unit: i64, ctx: &DateContext) -> Attempt {
    match n.checked_mul(unit).and_then(|s| ctx.now.checked_sub(s)) {
        Some(utc) => approximate(utc),
        None => Attempt::Invalid,
    }
}

/// "à l'instant", "il y a 5 minutes", "il y a une heure", "il y a quelques secondes".
fn relative_fr(cur: &mut Cur, ctx: &DateContext) -> Attempt {
    if cur.eat_word("l'instant") {
        return approximate(ctx.now);
    }
    if !(cur.eat_word("il") && cur.eat_word("y") && cur.eat_word("a")) {
        return Attempt::NoMatch;
    }
    cur.eat_any(&["environ", "presque", "plus", "moins", "pres"]);
    let n = if let Some(n) = count(cur) {
        valid!(n)
    } else if cur.eat_any(&["un", "une", "d'un", "d'une"]) {
        1
    } else if cur.eat_any(&["quelques", "plusieurs"]) {
        FEW
    } else {
        return Attempt::NoMatch;
    };
    match unit(cur) {
        Some(unit) => ago(n, unit, ctx),
        None => Attempt::NoMatch,
    }
}

/// "just now", "5 minutes ago", "an hour ago", "a few seconds ago", "2 hrs ago".
fn relative_en(cur: &mut Cur, ctx: &DateContext) -> Attempt {
    let mut probe = *cur;
    if probe.eat_word("just") && probe.eat_word("now") {
        return approximate(ctx.now);
    }
    cur.eat_any(&["about", "around", "almost", "nearly", "over"]);
    let n = if let Some(n) = count(cur) {
        valid!(n)
    } else if cur.eat_word("a") {
        if cur.eat_word("few") {
            FEW
        } else {
            1
        }
    } else if cur.eat_any(&["an", "one"]) {
        1
    } else if cur.eat_any(&["few", "several"]) {
        FEW
    } else {
        return Attempt::NoMatch;
    };
    match (unit(cur), cur.eat_word("ago")) {
        (Some(unit), true) => ago(n, unit, ctx),
        _ => Attempt::NoMatch,
    }
}

/// "aujourd'hui à 9:30", "hier à 14:05", "avant-hier", "yesterday at 2:05 PM". With a
/// time the instant is exact; without one it is local noon (now at most, for today)
/// and approximate.
fn day_word(cur: &mut Cur, ctx: &DateContext) -> Attempt {
    let days_back = if cur.eat_any(&["aujourd'hui", "aujourdhui", "today"]) {
        0
    } else if cur.eat_any(&["hier", "yesterday"]) {
        1
    } else if cur.eat_word("avant") {
        cur.eat_sym('-');
        if !cur.eat_word("hier") {
            return Attempt::NoMatch;
        }
        2
    } else if cur.eat_word("day") && cur.eat_word("before") && cur.eat_word("yesterday") {
        2
    } else {
        return Attempt::NoMatch;
    };
    let day = valid!(local_today(ctx)) - days_back;
    match valid!(optional_time(cur)) {
        Some(time) => exact(valid!(local_to_utc(day, time, ctx))),
        None => approximate(valid!(local_to_utc(day, NOON, ctx)).min(ctx.now)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-23T10:00:00Z, a Monday (checked with `date -u -d @1795428000`).
    const NOW: UnixSeconds = 1_795_428_000;

    /// A French page viewed from Paris in winter (UTC+1).
    fn fr() -> DateContext {
        DateContext {
            now: NOW,
            utc_offset_minutes: 60,
            order: DateOrder::DayFirst,
        }
    }

    /// An English page viewed from New York in winter (UTC−5).
    fn en() -> DateContext {
        DateContext {
            now: NOW,
            utc_offset_minutes: -300,
            order: DateOrder::MonthFirst,
        }
    }

    fn exact(utc: UnixSeconds) -> Option<PageTime> {
        Some(PageTime {
            utc,
            approximate: false,
        })
    }

    fn approx(utc: UnixSeconds) -> Option<PageTime> {
        Some(PageTime {
            utc,
            approximate: true,
        })
    }

    fn check(ctx: &DateContext, cases: &[(&str, Option<PageTime>)]) {
        for (text, expected) in cases {
            assert_eq!(parse_page_time(text, ctx), *expected, "{text:?}");
        }
    }

    #[test]
    fn french_relative() {
        check(
            &fr(),
            &[
                ("à l'instant", approx(1_795_428_000)),              // NOW
                ("À l’instant", approx(1_795_428_000)),              // NOW
                ("il y a quelques secondes", approx(1_795_427_997)), // NOW − 3 s
                ("il y a 1 minute", approx(1_795_427_940)),          // NOW − 60 s
                ("il y a 5 minutes", approx(1_795_427_700)),         // NOW − 300 s
                ("il y a 5 min", approx(1_795_427_700)),             // NOW − 300 s
                ("il y a une heure", approx(1_795_424_400)),         // NOW − 3600 s
                ("Il y a  3\u{00A0}heures", approx(1_795_417_200)),  // NOW − 10800 s
                ("il y a 2 jours", approx(1_795_255_200)),           // NOW − 172800 s
                ("il y a une semaine", approx(1_794_823_200)),       // NOW − 604800 s
                ("il y a 3 semaines", approx(1_793_613_600)),        // NOW − 1814400 s
                ("il y a un mois", approx(1_792_836_000)),           // NOW − 30 d
                ("il y a 2 mois", approx(1_790_244_000)),            // NOW − 60 d
                ("il y a un an", approx(1_763_892_000)),             // NOW − 365 d
                ("Modifié il y a 3 heures.", approx(1_795_417_200)), // NOW − 3 h
            ],
        );
    }

    #[test]
    fn french_today_and_yesterday() {
        check(
            &fr(),
            &[
                // 2026-11-23 08:30 UTC = 09:30 Paris
                ("aujourd'hui à 9:30", exact(1_795_422_600)),
                ("aujourd’hui à 09h30", exact(1_795_422_600)),
                ("Aujourd'hui à 9 h 30", exact(1_795_422_600)),
                // 2026-11-22 13:05 UTC = 14:05 Paris
                ("hier à 14:05", exact(1_795_352_700)),
                ("Publié hier à 14h05.", exact(1_795_352_700)),
                // 2026-11-22 11:00 UTC = noon Paris
                ("hier", approx(1_795_345_200)),
                // 2026-11-21 07:00 UTC = 08:00 Paris
                ("avant-hier à 8:00", exact(1_795_244_400)),
                // Noon Paris today (11:00 UTC) is after NOW, so NOW.
                ("aujourd'hui", approx(1_795_428_000)),
            ],
        );
    }

    #[test]
    fn french_absolute() {
        check(
            &fr(),
            &[
                // 2026-11-22 11:00 UTC = noon Paris
                ("22 novembre 2026", exact(1_795_345_200)),
                ("Publié le 22 novembre 2026", exact(1_795_345_200)),
                ("22/11/2026", exact(1_795_345_200)),
                ("22\u{202F}novembre\u{202F}2026.", exact(1_795_345_200)),
                // 2026-11-22 13:05 UTC = 14:05 Paris
                ("22 novembre 2026 à 14:05", exact(1_795_352_700)),
                ("22/11/2026 14:05", exact(1_795_352_700)),
                ("22/11/2026 à 14h05", exact(1_795_352_700)),
                ("le 22 novembre à 14h05", exact(1_795_352_700)),
                // 2026-12-01 11:00 UTC = noon Paris
                ("1er décembre 2026", exact(1_796_122_800)),
                ("1er decembre 2026", exact(1_796_122_800)),
                ("1er déc. 2026", exact(1_796_122_800)),
                // 2026-11-17 11:00 UTC = noon Paris (the weekday is not checked)
                ("lundi 17 novembre 2026", exact(1_794_913_200)),
                ("mar. 17 nov. 2026", exact(1_794_913_200)),
                ("17 nov. 2026", exact(1_794_913_200)),
                // 2026-02-28 11:00 UTC = noon Paris
                ("28 février 2026", exact(1_772_276_400)),
                ("28 fevrier 2026", exact(1_772_276_400)),
                ("28 fe\u{301}vr. 2026", exact(1_772_276_400)),
                // 2026-08-15 11:00 UTC = noon at UTC+1
                ("15 août 2026", exact(1_786_791_600)),
                ("15 aout 2026", exact(1_786_791_600)),
                // 2026-12-25 11:00 UTC
                ("25 déc. 2026", exact(1_798_196_400)),
                ("25 decembre 2026", exact(1_798_196_400)),
                // 2028-02-29 11:00 UTC: a leap day
                ("29 février 2028", exact(1_835_434_800)),
                ("29/02/2028", exact(1_835_434_800)),
                // No year, NOW = 2026-11-23: this year's 22 November, noon Paris.
                ("22 novembre", exact(1_795_345_200)),
                // Tomorrow is still this year: 2026-11-24 11:00 UTC.
                ("24 novembre", exact(1_795_518_000)),
                // The day after tomorrow is last year's: 2025-11-25 11:00 UTC.
                ("25 novembre", exact(1_764_068_400)),
            ],
        );
        // Every French abbreviation, day 1 of 2026 at noon Paris = 11:00 UTC.
        let months = [
            ("janv.", 1_767_265_200), // 2026-01-01 11:00 UTC
            ("févr.", 1_769_943_600), // 2026-02-01
            ("mars", 1_772_362_800),  // 2026-03-01
            ("avr.", 1_775_041_200),  // 2026-04-01
            ("mai", 1_777_633_200),   // 2026-05-01
            ("juin", 1_780_311_600),  // 2026-06-01
            ("juil.", 1_782_903_600), // 2026-07-01
            ("août", 1_785_582_000),  // 2026-08-01
            ("sept.", 1_788_260_400), // 2026-09-01
            ("oct.", 1_790_852_400),  // 2026-10-01
            ("nov.", 1_793_530_800),  // 2026-11-01
            ("déc.", 1_796_122_800),  // 2026-12-01
        ];
        for (name, utc) in months {
            let text = format!("1 {name} 2026");
            assert_eq!(parse_page_time(&text, &fr()), exact(utc), "{text}");
        }
    }

    #[test]
    fn english_relative() {
        check(
            &en(),
            &[
                ("just now", approx(1_795_428_000)),           // NOW
                ("a few seconds ago", approx(1_795_427_997)),  // NOW − 3 s
                ("1 minute ago", approx(1_795_427_940)),       // NOW − 60 s
                ("a minute ago", approx(1_795_427_940)),       // NOW − 60 s
                ("5 minutes ago", approx(1_795_427_700)),      // NOW − 300 s
                ("5 mins ago", approx(1_795_427_700)),         // NOW − 300 s
                ("an hour ago", approx(1_795_424_400)),        // NOW − 3600 s
                ("3 hours ago", approx(1_795_417_200)),        // NOW − 10800 s
                ("2 hrs ago", approx(1_795_420_800)),          // NOW − 7200 s
                ("2 days ago", approx(1_795_255_200)),         // NOW − 172800 s
                ("a week ago", approx(1_794_823_200)),         // NOW − 604800 s
                ("3 weeks ago", approx(1_793_613_600)),        // NOW − 1814400 s
                ("a month ago", approx(1_792_836_000)),        // NOW − 30 d
                ("2 months ago", approx(1_790_244_000)),       // NOW − 60 d
                ("a year ago", approx(1_763_892_000)),         // NOW − 365 d
                ("Posted 2 days ago", approx(1_795_255_200)),  // NOW − 2 d
                ("About an hour ago.", approx(1_795_424_400)), // NOW − 1 h
            ],
        );
    }

    #[test]
    fn english_today_and_yesterday() {
        check(
            &en(),
            &[
                // 2026-11-23 14:30 UTC = 09:30 New York
                ("today at 9:30 AM", exact(1_795_444_200)),
                ("Today at 9:30 a.m.", exact(1_795_444_200)),
                // 2026-11-22 19:05 UTC = 14:05 New York
                ("yesterday at 2:05 PM", exact(1_795_374_300)),
                ("Yesterday at 14:05", exact(1_795_374_300)),
                ("Posted yesterday at 2:05pm", exact(1_795_374_300)),
                // 2026-11-22 17:00 UTC = noon New York
                ("yesterday", approx(1_795_366_800)),
                // 2026-11-23 05:00 UTC = midnight New York
                ("today at 12:00 AM", exact(1_795_410_000)),
                // 2026-11-23 17:30 UTC = 12:30 New York
                ("today at 12:30 PM", exact(1_795_455_000)),
            ],
        );
    }

    #[test]
    fn english_absolute() {
        check(
            &en(),
            &[
                // 2026-11-22 17:00 UTC = noon New York
                ("November 22, 2026", exact(1_795_366_800)),
                ("Nov 22, 2026", exact(1_795_366_800)),
                ("22 November 2026", exact(1_795_366_800)),
                ("November 22nd, 2026", exact(1_795_366_800)),
                ("11/22/2026", exact(1_795_366_800)),
                ("November 22", exact(1_795_366_800)),
                ("nov 22", exact(1_795_366_800)),
                // 2026-11-22 19:05 UTC = 2:05 PM New York
                ("Nov. 22, 2026 at 2:05 PM", exact(1_795_374_300)),
                ("11/22/2026 2:05 PM", exact(1_795_374_300)),
                ("11/22/2026 14:05", exact(1_795_374_300)),
                ("Nov 22 at 2:05 PM", exact(1_795_374_300)),
                ("Posted on 11/22/2026, 2:05 p.m.", exact(1_795_374_300)),
                // 2026-11-17 17:00 UTC = noon New York (the weekday is not checked)
                ("Monday, November 17, 2026", exact(1_794_934_800)),
            ],
        );
    }

    #[test]
    fn iso_8601() {
        check(
            &fr(),
            &[
                // 2026-11-22 14:05 UTC
                ("2026-11-22T14:05:00Z", exact(1_795_356_300)),
                ("2026-11-22T14:05:00.123Z", exact(1_795_356_300)),
                ("2026-11-22t14:05z", exact(1_795_356_300)),
                // 14:05 at +01:00 = 13:05 UTC
                ("2026-11-22T14:05:00+01:00", exact(1_795_352_700)),
                ("2026-11-22T14:05:00+0100", exact(1_795_352_700)),
                // 14:05 at −05:00 = 19:05 UTC
                ("2026-11-22T14:05:00-05:00", exact(1_795_374_300)),
                // No offset: the viewer's local time, 14:05 Paris = 13:05 UTC.
                ("2026-11-22T14:05:00", exact(1_795_352_700)),
                // Date only: noon Paris = 11:00 UTC.
                ("2026-11-22", exact(1_795_345_200)),
                ("2026-02-30T10:00:00Z", None),
                ("2026-11-22T24:00:00Z", None),
                ("2026-11-22T14:05:00+25:00", None),
            ],
        );
    }

    #[test]
    fn slash_order_ambiguity() {
        // Both ≤ 12: the page's order decides.
        // 2026-06-05 11:00 UTC = noon at UTC+1
        assert_eq!(parse_page_time("05/06/2026", &fr()), exact(1_780_657_200));
        let month_first = DateContext {
            order: DateOrder::MonthFirst,
            ..fr()
        };
        // 2026-05-06 11:00 UTC
        assert_eq!(
            parse_page_time("05/06/2026", &month_first),
            exact(1_778_065_200)
        );
        // One number over 12 settles it whatever the order: 2026-05-13 11:00 UTC.
        assert_eq!(
            parse_page_time("13/05/2026", &month_first),
            exact(1_778_670_000)
        );
        assert_eq!(parse_page_time("05/13/2026", &fr()), exact(1_778_670_000));
        // Two-digit years are 20yy: 2026-11-22 11:00 UTC.
        assert_eq!(parse_page_time("22/11/26", &fr()), exact(1_795_345_200));
        assert_eq!(parse_page_time("32/13/2026", &fr()), None);
        assert_eq!(parse_page_time("13/13/2026", &month_first), None);
    }

    #[test]
    fn year_inferred_across_new_year() {
        let ctx = DateContext {
            now: 1_798_884_000, // 2027-01-02T10:00:00Z
            ..fr()
        };
        check(
            &ctx,
            &[
                ("30 décembre", exact(1_798_628_400)), // 2026-12-30 11:00 UTC
                ("2 janvier", exact(1_798_887_600)),   // 2027-01-02 11:00 UTC
                ("3 janvier", exact(1_798_974_000)),   // tomorrow: 2027-01-03 11:00 UTC
                ("4 janvier", exact(1_767_524_400)),   // 2026-01-04 11:00 UTC
                ("29 février", exact(1_709_204_400)),  // 2024-02-29 11:00 UTC
                ("30 février", None),
            ],
        );
    }

    #[test]
    fn invalid_inputs() {
        let big = "9".repeat(30);
        let cases = [
            "",
            "   ",
            "beaucoup",
            "3 J'aime",
            "1 234 vues",
            "Réponse",
            "Il y a 3 réponses",
            "32/13/2026",
            "31/02/2026",
            "29/02/2027",
            "il y a",
            "ago",
            "12:99",
            "99:00",
            "aujourd'hui à 12:99",
            "hier à 99:00",
            "22/11/2026 25:00",
            "today at 13:00 PM",
            "🎉",
            "👍 12",
            "il y a 🎉 heures",
            "🎉 ago",
            "22 🎉 novembre",
            "mai 14:05",
            "just 5 minutes",
            "22 novembre 1969",
            "22 novembre 2201",
            "11/22/1969",
            "il y a 99999999999 ans",
            &format!("il y a {big} jours"),
            &format!("{big} days ago"),
            &format!("{big}/11/2026"),
        ];
        for text in cases {
            assert_eq!(parse_page_time(text, &fr()), None, "{text:?}");
            assert_eq!(parse_page_time(text, &en()), None, "{text:?}");
        }
        // Midnight-thirty on 1970-01-01 in Paris is 1969-12-31 23:30 UTC: before the epoch.
        assert_eq!(parse_page_time("1 janvier 1970 à 00:30", &fr()), None);
    }

    #[test]
    fn long_random_strings_are_not_dates() {
        // A fixed linear congruential generator, so the strings are the same every run.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as u32
        };
        let alphabet: Vec<char> =
            "abcdefghijklmnopqrstuvwxyzéèàçôÉ ABCXYZ0123456789 .,;:!?/-'’\u{00A0}🎉👍"
                .chars()
                .collect();
        let ascii: String = (0..10_000)
            .map(|_| alphabet[next() as usize % alphabet.len()])
            .collect();
        assert_eq!(ascii.chars().count(), 10_000);
        assert_eq!(parse_page_time(&ascii, &fr()), None);
        assert_eq!(parse_page_time(&ascii, &en()), None);
        // Any code point at all: must not panic.
        let unicode: String = (0..10_000)
            .filter_map(|_| char::from_u32(next() % 0x11_0000))
            .collect();
        let _ = parse_page_time(&unicode, &fr());
        let _ = parse_page_time(&unicode, &en());
    }

    #[test]
    fn extreme_contexts_do_not_panic() {
        for now in [i64::MIN, -1, 0, i64::MAX] {
            for offset in [i32::MIN, 0, i32::MAX] {
                let ctx = DateContext {
                    now,
                    utc_offset_minutes: offset,
                    order: DateOrder::DayFirst,
                };
                for text in [
                    "hier",
                    "il y a 3 ans",
                    "22 novembre",
                    "just now",
                    "22/11/2026",
                ] {
                    let _ = parse_page_time(text, &ctx);
                }
            }
        }
    }

    #[test]
    fn page_time_serializes_in_camel_case() {
        let t = PageTime {
            utc: 1_795_428_000,
            approximate: true,
        };
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"utc":1795428000,"approximate":true}"#
        );
    }

    #[test]
    fn civil_days_round_trip_1970_to_2200() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        // 2200-12-31T00:00Z = 7289568000 s = 84370 days (`date -u -d 2200-12-31 +%s`).
        assert_eq!(days_from_civil(2200, 12, 31), 84_370);
        // Walk the calendar with an independent day counter.
        let (mut y, mut m, mut d) = (1970i64, 1u32, 1u32);
        for days in 0..=84_370i64 {
            assert_eq!(civil_from_days(days), (y, m, d));
            assert_eq!(days_from_civil(y, m, d), days);
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let month_len = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ][m as usize - 1];
            d += 1;
            if d > month_len {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
        assert_eq!((y, m, d), (2201, 1, 1));
        // Before the epoch too: 1969-12-31 is day −1.
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }
}
