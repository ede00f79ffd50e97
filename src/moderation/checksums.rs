//! Check-digit algorithms for the personal-data detectors. A number is only reported
//! when its check digits are right: that is what separates an IBAN, a NIR or a card
//! number from an order number, a reference or a random digit string.

/// Luhn (ISO/IEC 7812) over ASCII digits; payment cards.
pub fn luhn_valid(digits: &[u8]) -> bool {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(d - b'0');
            if i % 2 == 1 {
                let doubled = v * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                v
            }
        })
        .sum();
    sum % 10 == 0
}

/// IBAN check (ISO 13616): move the first four characters to the end, letters become
/// 10..35, and the number must be ≡ 1 (mod 97). `compact` is upper- or lower-case
/// alphanumerics without separators.
pub fn iban_mod97_valid(compact: &str) -> bool {
    let bytes = compact.as_bytes();
    if bytes.len() < 5 || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let rearranged = bytes[4..].iter().chain(&bytes[..4]);
    let mut rem: u32 = 0;
    for &b in rearranged {
        let b = b.to_ascii_uppercase();
        if b.is_ascii_digit() {
            rem = (rem * 10 + u32::from(b - b'0')) % 97;
        } else {
            rem = (rem * 100 + u32::from(b - b'A' + 10)) % 97;
        }
    }
    rem == 1
}

/// French NIR ("numéro de sécurité sociale"): 13 characters then a 2-digit key equal to
/// 97 − (number mod 97). For people born in Corsica the department is `2A` or `2B`;
/// INSEE computes the key with 2A replaced by 19 and 2B by 18 (the digits 20 minus one
/// or two million), which is also what python-stdnum implements.
pub fn nir_key_valid(compact: &str) -> bool {
    // ASCII first: every slice below is then on a character boundary.
    if compact.len() != 15 || !compact.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let department = &compact[5..7];
    let substituted = match department.to_ascii_uppercase().as_str() {
        "2A" => format!("{}19{}", &compact[..5], &compact[7..13]),
        "2B" => format!("{}18{}", &compact[..5], &compact[7..13]),
        _ => compact[..13].to_string(),
    };
    let (Ok(body), Ok(key)) = (substituted.parse::<u64>(), compact[13..].parse::<u64>()) else {
        return false;
    };
    if !substituted.bytes().all(|c| c.is_ascii_digit())
        || !compact[13..].bytes().all(|c| c.is_ascii_digit())
    {
        return false;
    }
    97 - body % 97 == key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn() {
        assert!(luhn_valid(b"4111111111111111"));
        assert!(luhn_valid(b"378282246310005"));
        assert!(!luhn_valid(b"4111111111111112"));
        assert!(!luhn_valid(b""));
        assert!(!luhn_valid(b"41a1"));
    }

    #[test]
    fn iban() {
        assert!(iban_mod97_valid("FR7630006000011234567890189"));
        assert!(iban_mod97_valid("GB82WEST12345698765432"));
        assert!(iban_mod97_valid("gb82west12345698765432"));
        assert!(iban_mod97_valid("DE89370400440532013000"));
        assert!(!iban_mod97_valid("FR7630006000011234567890188"));
        assert!(!iban_mod97_valid("FR76"));
        assert!(!iban_mod97_valid("FR76-3000"));
    }

    #[test]
    fn nir_with_corsica() {
        assert!(nir_key_valid("295109912611193"));
        assert!(!nir_key_valid("295109912611199"));
        // Corsica examples from python-stdnum's documentation.
        assert!(nir_key_valid("253072B07300470"));
        assert!(nir_key_valid("253072A07300443"));
        assert!(nir_key_valid("253072a07300443"));
        assert!(!nir_key_valid("253072C07300443"));
        assert!(!nir_key_valid("25307"));
        assert!(!nir_key_valid("2530720730044é"));
    }
}
