//! Reading the numbers SharePoint prints as localized text: "1 234 vues", "1,234 views",
//! "5 J'aime", "3 personnes aiment ceci". Counts are whole numbers, so a separator is a
//! thousands separator only when exactly three digits follow it.

/// Characters French and English pages use between digit groups (space, no-break space,
/// narrow no-break space, comma, dot, apostrophes).
fn is_group_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}' | ',' | '.' | '\'' | '\u{2019}'
    )
}

/// The first whole number in `text`, or `None` when there is none (or it overflows).
pub fn parse_count(text: &str) -> Option<u64> {
    // On the bytes of the text, without decoding it into chars (a read is one call
    // per item and count): digits and the group's three digits are ASCII.
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let mut rest = &text[start..];
    let mut value: u64 = 0;
    loop {
        let digits = rest
            .bytes()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(rest.len());
        for b in rest[..digits].bytes() {
            value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        }
        rest = &rest[digits..];
        // Continue only over a separator followed by exactly three digits.
        let separator = rest.chars().next().filter(|&c| is_group_separator(c));
        let group = separator.map(|c| &rest.as_bytes()[c.len_utf8()..]);
        let group_follows = group.is_some_and(|g| {
            g.len() >= 3
                && g[..3].iter().all(u8::is_ascii_digit)
                && !g.get(3).is_some_and(u8::is_ascii_digit)
        });
        match separator {
            Some(c) if group_follows => rest = &rest[c.len_utf8()..],
            _ => return Some(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_count;

    #[test]
    fn french_and_english_counts() {
        assert_eq!(parse_count("1 234 vues"), Some(1234));
        assert_eq!(parse_count("1\u{202F}234\u{202F}567 vues"), Some(1_234_567));
        assert_eq!(parse_count("1\u{00A0}234 vues"), Some(1234));
        assert_eq!(parse_count("1,234 views"), Some(1234));
        assert_eq!(parse_count("5 J'aime"), Some(5));
        assert_eq!(parse_count("5 likes"), Some(5));
        assert_eq!(parse_count("3 personnes aiment ceci"), Some(3));
        assert_eq!(parse_count("  12  "), Some(12));
    }

    #[test]
    fn separators_that_are_not_grouping() {
        // "1,5" is not a count of fifteen; "2 3" is two numbers, not twenty-three.
        assert_eq!(parse_count("1,5 k"), Some(1));
        assert_eq!(parse_count("2 3"), Some(2));
        assert_eq!(parse_count("12 345678"), Some(12));
        assert_eq!(parse_count("1,234."), Some(1234));
    }

    #[test]
    fn no_number() {
        assert_eq!(parse_count(""), None);
        assert_eq!(parse_count("beaucoup"), None);
        assert_eq!(parse_count("J'aime"), None);
    }

    #[test]
    fn overflow_is_none_not_a_panic() {
        assert_eq!(parse_count("99999999999999999999999999"), None);
    }
}
