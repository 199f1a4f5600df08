//! Base64url without padding (RFC 4648 §5): the alphabet that survives in a
//! URL fragment without escaping.

use crate::wire::DecodeError;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let sextet = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(ALPHABET[sextet as usize]));
        }
    }
    out
}

fn sextet(c: u8, pos: usize) -> Result<u32, DecodeError> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => {
            let shown = if c.is_ascii_graphic() {
                format!("'{}'", char::from(c))
            } else {
                format!("byte 0x{c:02x}")
            };
            return Err(DecodeError::new(format!(
                "the link contains {shown} at position {pos}, which is not part of a shared trace"
            )));
        }
    };
    Ok(u32::from(v))
}

pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let input = text.as_bytes();
    if input.len() % 4 == 1 {
        return Err(DecodeError::new(
            "the link has the wrong length; it may have been cut off when copied",
        ));
    }
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 2);
    for (ci, chunk) in input.chunks(4).enumerate() {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= sextet(c, ci * 4 + i)? << (18 - 6 * i);
        }
        let produced = chunk.len() - 1;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        // Canonical form only: leftover bits must be zero, so one trace has
        // exactly one spelling and a mangled last character is noticed.
        let unused_bits = n & (0x00ff_ffff >> (8 * produced));
        if unused_bits != 0 {
            return Err(DecodeError::new(
                "the link's last character is damaged; it may have been cut off when copied",
            ));
        }
        out.extend_from_slice(&bytes[..produced]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_rfc_4648_vectors_without_padding() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn rejects_bad_characters_lengths_and_trailing_bits() {
        assert!(decode("Zm9v=").is_err());
        assert!(decode("Z").is_err());
        assert!(decode("Zh").is_err(), "non-zero trailing bits");
        let e = decode("ab c").unwrap_err();
        assert!(e.message().contains("position 2"), "{e}");
    }
}
