//! 统一社会信用代码 (GB 32100-2015) and legacy 组织机构代码 (GB 11714-1997) checks.

const USCC_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

fn uscc_value(c: u8) -> Option<u32> {
    USCC_CHARSET.iter().position(|&x| x == c).map(|p| p as u32)
}

/// The check character for the first 17 characters of a USCC, if they use the charset.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in b.iter().zip(USCC_WEIGHTS) {
        sum += uscc_value(*c)? * w;
    }
    Some(USCC_CHARSET[((31 - sum % 31) % 31) as usize] as char)
}

/// A full USCC check: charset, layout (digits in the division code) and check character.
pub fn is_valid_uscc(code: &str) -> bool {
    let b = code.as_bytes();
    is_uscc_shaped(code) && uscc_check_char(&code[..17]) == Some(b[17] as char)
}

/// The USCC layout without the check: charset and the digits of the division code.
pub fn is_uscc_shaped(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 18
        && b[2..8].iter().all(u8::is_ascii_digit)
        && b.iter().all(|c| uscc_value(*c).is_some())
}

/// A code that passes its own checksum, whichever kind it is.
pub fn is_valid_code(code: &str) -> bool {
    is_valid_uscc(code) || is_valid_org_code(code)
}

/// GB 11714: 8 body characters (digits, A–Z = 10–35) and a check character; hyphen optional.
pub fn is_valid_org_code(code: &str) -> bool {
    let s: String = code.chars().filter(|&c| c != '-').collect();
    let b = s.as_bytes();
    if b.len() != 9 {
        return false;
    }
    let mut sum = 0;
    for (c, w) in b[..8].iter().zip(ORG_WEIGHTS) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        sum += v * w;
    }
    let expected = match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    };
    b[8] == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors() {
        assert!(is_valid_uscc("91350100M000100Y43"));
        assert!(!is_valid_uscc("91350100M000100Y44"));
        assert!(is_valid_org_code("D2143569-X"));
        assert!(is_valid_org_code("M000100Y4"));
        assert!(!is_valid_org_code("D2143569-1"));
    }

    /// Property: any single-character change of a valid code fails its checksum.
    #[test]
    fn any_single_substitution_fails() {
        let valid = "91350100M000100Y43";
        for pos in 0..18 {
            for &c in USCC_CHARSET {
                let mut b = valid.as_bytes().to_vec();
                if b[pos] == c {
                    continue;
                }
                b[pos] = c;
                let changed = String::from_utf8(b).unwrap_or_default();
                assert!(!is_valid_uscc(&changed), "{changed} accepted");
            }
        }
        // GB 11714 works mod 11 on values up to 35: a body character swapped for one whose
        // value differs by a multiple of 11 (D=13 for 2) cannot be caught by any checksum of
        // this kind, so the property holds for every other substitution.
        let value = |c: u8| {
            if c.is_ascii_digit() {
                i32::from(c - b'0')
            } else {
                i32::from(c - b'A') + 10
            }
        };
        let org = "D2143569X";
        for pos in 0..9 {
            for c in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
                let mut b = org.as_bytes().to_vec();
                if b[pos] == *c || (pos < 8 && (value(b[pos]) - value(*c)) % 11 == 0) {
                    continue;
                }
                b[pos] = *c;
                let changed = String::from_utf8(b).unwrap_or_default();
                assert!(!is_valid_org_code(&changed), "{changed} accepted");
            }
        }
    }
}
