//! Reading an id out of an attribute with a profile's pattern (its first capture
//! group). Every item's id and reply link go through one, so the common shape
//! `<literal>(<class>+)` (`Post([^-]+)`, `#comment=(.+)`) is read directly: regex_lite
//! runs a PikeVM (no literal prefilter, a thread list per char), which was a visible
//! part of reading a page. Any other pattern goes to the regex.

use regex_lite::Regex;

/// How an id is read from its raw attribute.
#[derive(Clone, Copy, Debug)]
pub(crate) enum IdReader<'p> {
    /// No pattern: the whole attribute.
    Whole,
    /// `prefix` then the longest non-empty run of `class`, at the first place where
    /// one follows it: the leftmost-first match of `prefix(class+)`.
    Run {
        prefix: &'p str,
        class: RunClass<'p>,
    },
    Regex(&'p Regex),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RunClass<'p> {
    /// `.`: any char but a line feed.
    AnyButNewline,
    /// `[^…]`: any char but these.
    NoneOf(&'p str),
}

impl RunClass<'_> {
    fn has(self, c: char) -> bool {
        match self {
            RunClass::AnyButNewline => c != '\n',
            RunClass::NoneOf(set) => !set.contains(c),
        }
    }
}

/// Characters that mean nothing special in a pattern outside a class. (Whitespace and
/// `#` do only under the `x` flag, which a pattern without a group before its capture
/// cannot set; whitespace is kept out anyway.)
fn is_plain(c: char) -> bool {
    !c.is_whitespace() && !"\\.+*?()|[]{}^$".contains(c)
}

/// The parts of `prefix(class+)`, or `None` for any other pattern.
fn run_shape(pattern: &str) -> Option<(&str, RunClass<'_>)> {
    let open = pattern.find('(')?;
    let (prefix, rest) = pattern.split_at(open);
    if prefix.is_empty() || !prefix.chars().all(is_plain) {
        return None;
    }
    let class = rest.strip_prefix('(')?.strip_suffix("+)")?;
    if class == "." {
        return Some((prefix, RunClass::AnyButNewline));
    }
    // Only literal chars in the negated set: a dash only first (a range otherwise), no
    // escapes, nested classes, nor `&&`, `~~` (set operations).
    let set = class.strip_prefix("[^")?.strip_suffix(']')?;
    let literal = |c: char| !c.is_whitespace() && !"\\[]^-".contains(c);
    let (first, others) = set.split_at(set.chars().next()?.len_utf8());
    let plain = (first == "-" || first.chars().all(literal))
        && others.chars().all(literal)
        && !set.contains("&&")
        && !set.contains("~~");
    plain.then_some((prefix, RunClass::NoneOf(set)))
}

impl<'p> IdReader<'p> {
    pub fn new(pattern: Option<&'p Regex>) -> IdReader<'p> {
        match pattern {
            None => IdReader::Whole,
            Some(re) => match run_shape(re.as_str()) {
                Some((prefix, class)) => IdReader::Run { prefix, class },
                None => IdReader::Regex(re),
            },
        }
    }

    /// The id in `raw`: the pattern's first capture group, or `raw` without a pattern.
    pub fn read(self, raw: &str) -> Option<String> {
        match self {
            IdReader::Whole => Some(raw.to_owned()),
            IdReader::Run { prefix, class } => {
                let mut from = 0;
                loop {
                    let at = from + raw[from..].find(prefix)?;
                    let run = &raw[at + prefix.len()..];
                    let end = run.find(|c| !class.has(c)).unwrap_or(run.len());
                    if end > 0 {
                        return Some(run[..end].to_owned());
                    }
                    // No run here: the next match starts after this one's first char.
                    from = at + prefix.chars().next().map_or(1, char::len_utf8);
                }
            }
            IdReader::Regex(re) => {
                // regex_lite has no literal prefilter: its search steps through every
                // char before the match. No match starts before the first occurrence
                // of the pattern's literal start.
                let from = raw.find(literal_start(re.as_str()))?;
                re.captures_at(raw, from)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().to_owned())
            }
        }
    }
}

/// The letters and digits every match of `pattern` starts with (`Post` of
/// `Post([^-]+)`); empty when that cannot be told simply (an alternation, a leading
/// group, class or escape).
fn literal_start(pattern: &str) -> &str {
    if pattern.contains('|') {
        return "";
    }
    let end = pattern
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(pattern.len());
    match pattern[end..].chars().next() {
        // A quantifier applies to the last letter only.
        Some('?' | '*' | '+' | '{') => &pattern[..end.saturating_sub(1)],
        _ => &pattern[..end],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_regex(re: &Regex, raw: &str) -> Option<String> {
        re.captures(raw)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_owned())
    }

    #[test]
    fn patterns_start_their_search_at_their_literal_start() {
        for (pattern, start) in [
            ("Post([^-]+)", "Post"),
            ("Post\\d+", "Post"),
            ("Posts?(\\d)", "Post"),
            ("ab{2}(c)", "a"),
            ("(?i)post(\\d)", ""),
            ("Post(\\d)|Item(\\d)", ""),
            ("^id=(\\d+)", ""),
        ] {
            assert_eq!(literal_start(pattern), start, "{pattern}");
        }
    }

    #[test]
    fn only_plain_runs_are_read_without_the_regex() {
        for (pattern, shape) in [
            ("Post([^-]+)", Some(("Post", RunClass::NoneOf("-")))),
            (
                "#comment=(.+)",
                Some(("#comment=", RunClass::AnyButNewline)),
            ),
            ("comment=(.+)", Some(("comment=", RunClass::AnyButNewline))),
            ("é:([^/&é]+)", Some(("é:", RunClass::NoneOf("/&é")))),
            ("id=([^&#]+)", Some(("id=", RunClass::NoneOf("&#")))),
            ("Post([^-&&]+)", None),
            ("Post([^~~]+)", None),
            ("Post([^a-z]+)", None),
            ("Post([^-]*)", None),
            ("Post([^-]+)x", None),
            ("Post([^\\d]+)", None),
            ("Posts?([^-]+)", None),
            ("Po.t(.+)", None),
            ("(?i)post([^-]+)", None),
            ("([^-]+)", None),
            ("Post(.+)|x(.+)", None),
            ("Post([^]+)", None),
        ] {
            assert_eq!(run_shape(pattern), shape, "{pattern}");
        }
    }

    /// Both readings of every simple shape agree with the regex on many texts built
    /// from the patterns' own pieces (prefixes cut short, repeated, next to the
    /// class's excluded chars, line feeds, non-ASCII).
    #[test]
    fn direct_reading_matches_the_regex() {
        let patterns = [
            "Post([^-]+)",
            "#comment=(.+)",
            "comment=(.+)",
            "id=([^&#]+)",
            "PP([^P]+)",
            "é:([^/é]+)",
            "Posts?(\\d)",
            "(?i)post(\\d)",
            "o(s)",
        ];
        let pieces = [
            "Post",
            "Pos",
            "P",
            "PP",
            "-",
            "--",
            "12",
            "x",
            "\n",
            "comment=",
            "#comment=",
            "id=",
            "&",
            "#",
            "é",
            "é:",
            "/",
            "😀",
            "POST",
            "s",
            "o",
            " ",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..20_000 {
            let len = next() % 8;
            texts.push(
                (0..len)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect(),
            );
        }
        texts.extend(
            [
                "forum0-Post12-Root",
                "x#PostS-Post7",
                "abb abbc",
                "POST9",
                "P",
            ]
            .map(String::from),
        );
        let mut direct = 0;
        for pattern in patterns {
            let re = Regex::new(pattern).unwrap();
            let reader = IdReader::new(Some(&re));
            direct += usize::from(matches!(reader, IdReader::Run { .. }));
            let mut found = 0;
            for raw in &texts {
                let expected = by_regex(&re, raw);
                found += usize::from(expected.is_some());
                assert_eq!(reader.read(raw), expected, "{pattern} on {raw:?}");
                assert_eq!(
                    IdReader::Regex(&re).read(raw),
                    expected,
                    "{pattern} on {raw:?}"
                );
            }
            assert!(found > 100, "{pattern}: texts that match ({found})");
        }
        assert_eq!(direct, 6, "the simple shapes are read directly");
        assert_eq!(IdReader::new(None).read("a-b"), Some("a-b".to_owned()));
    }
}
