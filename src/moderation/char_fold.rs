//! One character in, zero to three "plain" characters out: the per-character half of
//! normalisation. Obfuscation and typography both change how a word is encoded without
//! changing how it reads, so everything that *looks* like a Latin letter becomes that
//! lower-case ASCII letter: case, diacritics, full-width and mathematical forms,
//! circled letters, Cyrillic and Greek look-alikes, ligatures. Invisible characters
//! (zero-width spaces, soft hyphens, combining marks, variation selectors) disappear, so
//! they cannot split a word in two.
//!
//! Hand-written tables instead of a Unicode-normalisation crate: the set that matters for
//! French and English text and for the usual evasion tricks is small, and it keeps the
//! wasm binary small.

/// The result of folding one character: up to three characters (`ﬃ` → `ffi`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Folded {
    chars: [char; 3],
    len: u8,
}

impl Folded {
    const NONE: Folded = Folded {
        chars: ['\0'; 3],
        len: 0,
    };

    fn one(c: char) -> Folded {
        Folded {
            chars: [c, '\0', '\0'],
            len: 1,
        }
    }

    fn from_str(s: &str) -> Folded {
        let mut out = Folded::NONE;
        for c in s.chars().take(3) {
            out.chars[out.len as usize] = c;
            out.len += 1;
        }
        out
    }

    pub fn as_slice(&self) -> &[char] {
        &self.chars[..self.len as usize]
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Characters that carry no visible letter: dropping them glues the word back together.
pub fn is_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD                      // soft hyphen
        | 0x034F                    // combining grapheme joiner
        | 0x0300..=0x036F           // combining diacritical marks (decomposed é, Zalgo)
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x200B..=0x200D           // zero-width space / non-joiner / joiner
        | 0x2060..=0x2064           // word joiner, invisible operators
        | 0x20D0..=0x20FF           // combining marks for symbols
        | 0xFE00..=0xFE0F           // variation selectors
        | 0xFE20..=0xFE2F           // combining half marks
        | 0xFEFF                    // BOM / zero-width no-break space
    )
}

/// Folds one character. Never panics; unknown characters are only lower-cased.
/// Lets `chars().flat_map(fold)` fold a string without a heap allocation per char.
impl IntoIterator for Folded {
    type Item = char;
    type IntoIter = std::iter::Take<std::array::IntoIter<char, 3>>;
    fn into_iter(self) -> Self::IntoIter {
        self.chars.into_iter().take(self.len as usize)
    }
}

pub fn fold(c: char) -> Folded {
    if c.is_ascii() {
        return Folded::one(c.to_ascii_lowercase());
    }
    // Latin-1 and Latin Extended-A (French accents, œ): from a table of this very
    // function's results, computed once, instead of the chain of lookups below.
    if let Some(folded) = latin_table().get(c as usize - 0x80) {
        return *folded;
    }
    fold_uncached(c)
}

/// End of the characters [`fold`] reads from its table (U+0080 to U+017F).
const TABLE_END: u32 = 0x180;

fn latin_table() -> &'static [Folded] {
    static TABLE: std::sync::OnceLock<Vec<Folded>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80..TABLE_END)
            .map(|u| char::from_u32(u).map_or(Folded::NONE, fold_uncached))
            .collect()
    })
}

fn fold_uncached(c: char) -> Folded {
    if c.is_ascii() {
        return Folded::one(c.to_ascii_lowercase());
    }
    if is_ignorable(c) {
        return Folded::NONE;
    }
    if let Some(plain) = width_and_style(c) {
        return Folded::one(plain.to_ascii_lowercase());
    }
    if let Some(latin) = confusable(c) {
        return Folded::one(latin);
    }
    if let Some(s) = ligature(c) {
        return Folded::from_str(s);
    }
    // Lower-case, then strip diacritics of each resulting character (to_lowercase can
    // yield a base letter plus a combining mark, e.g. 'İ' → "i̇").
    let mut out = Folded::NONE;
    for lc in c.to_lowercase() {
        if is_ignorable(lc) || out.len as usize >= out.chars.len() {
            continue;
        }
        out.chars[out.len as usize] = strip_diacritic(lc);
        out.len += 1;
    }
    out
}

/// Full-width forms, mathematical alphanumerics and circled letters → ASCII.
fn width_and_style(c: char) -> Option<char> {
    let u = c as u32;
    let ascii = match u {
        // Full-width ASCII block: ！..～
        0xFF01..=0xFF5E => u - 0xFF01 + 0x21,
        0x3000 => 0x20, // ideographic space
        // Mathematical alphanumeric letters: 13 styles of 52 letters (A–Z, a–z).
        0x1D400..=0x1D6A3 => {
            let i = (u - 0x1D400) % 52;
            if i < 26 {
                0x41 + i
            } else {
                0x61 + i - 26
            }
        }
        // Mathematical digits: 5 styles of 10.
        0x1D7CE..=0x1D7FF => 0x30 + (u - 0x1D7CE) % 10,
        0x24B6..=0x24CF => 0x41 + u - 0x24B6,    // Ⓐ..Ⓩ
        0x24D0..=0x24E9 => 0x61 + u - 0x24D0,    // ⓐ..ⓩ
        0x1F130..=0x1F149 => 0x41 + u - 0x1F130, // squared letters
        0x1F150..=0x1F169 => 0x41 + u - 0x1F150, // negative circled letters
        0x1F170..=0x1F189 => 0x41 + u - 0x1F170, // negative squared letters
        0x1F1E6..=0x1F1FF => 0x41 + u - 0x1F1E6, // regional indicators
        _ => return None,
    };
    char::from_u32(ascii)
}

/// Cyrillic and Greek letters that render like Latin ones (upper and lower case), plus
/// a few Latin look-alikes (small capitals, dotless i). Only letters whose glyph is
/// practically identical are listed: the aim is to undo spoofing, not to transliterate.
fn confusable(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic
        'а' | 'А' => 'a',
        'В' => 'b',
        'е' | 'Е' | 'ё' | 'Ё' => 'e',
        'К' | 'к' => 'k',
        'М' | 'м' => 'm',
        'Н' | 'н' => 'h',
        'о' | 'О' => 'o',
        'р' | 'Р' => 'p',
        'с' | 'С' => 'c',
        'Т' | 'т' => 't',
        'у' | 'У' => 'y',
        'х' | 'Х' => 'x',
        'і' | 'І' | 'ї' | 'Ї' => 'i',
        'ј' | 'Ј' => 'j',
        'ѕ' | 'Ѕ' => 's',
        'ԁ' => 'd',
        'һ' | 'Һ' => 'h',
        'ӏ' | 'Ӏ' => 'l',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ь' => 'b',
        // Greek
        'α' | 'Α' => 'a',
        'Β' | 'β' => 'b',
        'ε' | 'Ε' => 'e',
        'Ζ' => 'z',
        'Η' => 'h',
        'ι' | 'Ι' | 'ί' => 'i',
        'κ' | 'Κ' => 'k',
        'Μ' => 'm',
        'ν' | 'Ν' => 'n',
        'ο' | 'Ο' | 'ό' => 'o',
        'ρ' | 'Ρ' => 'p',
        'τ' | 'Τ' => 't',
        'υ' | 'Υ' => 'u',
        'χ' | 'Χ' => 'x',
        // Latin look-alikes
        'ı' => 'i',
        'ȷ' => 'j',
        'ᴀ' => 'a',
        'ʙ' => 'b',
        'ᴄ' => 'c',
        'ᴅ' => 'd',
        'ᴇ' => 'e',
        'ɢ' => 'g',
        'ʜ' => 'h',
        'ɪ' => 'i',
        'ᴊ' => 'j',
        'ᴋ' => 'k',
        'ʟ' => 'l',
        'ᴍ' => 'm',
        'ɴ' => 'n',
        'ᴏ' => 'o',
        'ᴘ' => 'p',
        'ʀ' => 'r',
        'ᴛ' => 't',
        'ᴜ' => 'u',
        'ᴠ' => 'v',
        'ᴡ' => 'w',
        'ʏ' => 'y',
        'ᴢ' => 'z',
        _ => return None,
    })
}

fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' | 'ẞ' => "ss",
        'ĳ' | 'Ĳ' => "ij",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        _ => return None,
    })
}

/// Lower-case Latin letter with a diacritic → its base letter. French needs the
/// Latin-1 range; Latin Extended-A covers names and copy-pasted text from elsewhere.
fn strip_diacritic(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẽ' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ǐ' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold_str(s: &str) -> String {
        s.chars()
            .flat_map(|c| fold(c).as_slice().to_vec())
            .collect()
    }

    #[test]
    fn the_latin_table_is_the_uncached_fold() {
        for u in 0..0x400 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(fold(c), fold_uncached(c), "{c:?}");
            }
        }
    }

    #[test]
    fn case_and_diacritics() {
        assert_eq!(fold_str("ÉCOLE Élève déjà ÇA"), "ecole eleve deja ca");
        // Decomposed é (e + U+0301) folds like the composed one.
        assert_eq!(fold_str("e\u{301}te\u{301}"), "ete");
    }

    #[test]
    fn full_width_math_and_circled_forms() {
        assert_eq!(fold_str("ｃｏｎｎａｒｄ"), "connard");
        assert_eq!(fold_str("𝐜𝐨𝐧"), "con");
        assert_eq!(fold_str("𝓬𝓸𝓷"), "con");
        assert_eq!(fold_str("ⓒⓞⓝ"), "con");
        assert_eq!(fold_str("１２３"), "123");
    }

    #[test]
    fn confusables_and_ligatures() {
        // Cyrillic о and с inside a Latin word.
        assert_eq!(fold_str("cоnnаrd"), "connard");
        assert_eq!(fold_str("СОN"), "con");
        assert_eq!(fold_str("œuvre Straße"), "oeuvre strasse");
    }

    #[test]
    fn invisible_characters_disappear() {
        assert_eq!(fold_str("con\u{200B}nard\u{AD}"), "connard");
        assert!(fold('\u{FE0F}').is_empty());
    }

    #[test]
    fn other_scripts_are_kept() {
        assert_eq!(fold_str("日本"), "日本");
        assert_eq!(fold_str("Привет"), "пpивet"); // only look-alikes change
    }
}
