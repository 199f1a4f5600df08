//! A compact byte encoding for traces: LEB128 varints, length-prefixed
//! strings, one tag byte per enum variant.
//!
//! Every read is bounds-checked and returns a [`DecodeError`] naming the
//! offending position, because the bytes come from a URL anyone can edit.

use std::fmt;

/// Why some bytes or text could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    message: String,
}

impl DecodeError {
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError {
            message: message.into(),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}

/// Appends encoded values to a byte buffer.
#[derive(Debug, Default, Clone)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    /// Zig-zag first so that small negative numbers stay short.
    pub fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }

    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }
}

/// Reads encoded values from a byte slice, never past its end.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    fn truncated(&self, what: &str) -> DecodeError {
        DecodeError::new(format!(
            "the link is cut short: expected {what} at byte {} of {}",
            self.pos,
            self.bytes.len()
        ))
    }

    pub fn u8(&mut self, what: &str) -> Result<u8, DecodeError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.truncated(what))?;
        self.pos += 1;
        Ok(b)
    }

    pub fn varint(&mut self, what: &str) -> Result<u64, DecodeError> {
        let start = self.pos;
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8(what)?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                break;
            }
            value |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(DecodeError::new(format!(
            "{what} at byte {start} is a number too large to be valid"
        )))
    }

    /// A count of items still to read, refused when it exceeds `max` or the
    /// bytes left (every item takes at least one byte), so a forged count
    /// cannot make us allocate gigabytes.
    pub fn count(&mut self, what: &str, max: u64) -> Result<usize, DecodeError> {
        let at = self.pos;
        let n = self.varint(what)?;
        if n > max || n > self.remaining() as u64 {
            return Err(DecodeError::new(format!(
                "{what} at byte {at} says {n}, which is more than this link can hold"
            )));
        }
        Ok(n as usize)
    }

    pub fn signed(&mut self, what: &str) -> Result<i64, DecodeError> {
        let z = self.varint(what)?;
        Ok(((z >> 1) as i64) ^ -((z & 1) as i64))
    }

    pub fn str(&mut self, what: &str, max_len: u64) -> Result<String, DecodeError> {
        let at = self.pos;
        let len = self.count(what, max_len)?;
        let slice = &self.bytes[self.pos..self.pos + len];
        self.pos += len;
        String::from_utf8(slice.to_vec())
            .map_err(|_| DecodeError::new(format!("{what} at byte {at} is not valid text")))
    }

    pub fn u32(&mut self, what: &str) -> Result<u32, DecodeError> {
        let at = self.pos;
        let v = self.varint(what)?;
        u32::try_from(v)
            .map_err(|_| DecodeError::new(format!("{what} at byte {at} is out of range")))
    }
}

/// A value that can travel inside a shared link. Protocols implement it for
/// their timer and request types (usually a tag byte and a few numbers).
pub trait Wire: Sized {
    fn put(&self, w: &mut Writer);
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError>;
}

impl Wire for () {
    fn put(&self, _w: &mut Writer) {}
    fn take(_r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(())
    }
}

impl Wire for bool {
    fn put(&self, w: &mut Writer) {
        w.u8(u8::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8("a yes/no value")? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(DecodeError::new(format!("{b} is not a yes/no value"))),
        }
    }
}

impl Wire for u8 {
    fn put(&self, w: &mut Writer) {
        w.u8(*self);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.u8("a small number")
    }
}

impl Wire for u32 {
    fn put(&self, w: &mut Writer) {
        w.varint(u64::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.u32("a number")
    }
}

impl Wire for u64 {
    fn put(&self, w: &mut Writer) {
        w.varint(*self);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.varint("a number")
    }
}

impl Wire for i64 {
    fn put(&self, w: &mut Writer) {
        w.signed(*self);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.signed("a signed number")
    }
}

/// Strings in requests are short labels; longer ones are refused.
const MAX_STRING: u64 = 4096;

impl Wire for String {
    fn put(&self, w: &mut Writer) {
        w.str(self);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.str("a text value", MAX_STRING)
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.u8(0),
            Some(v) => {
                w.u8(1);
                v.put(w);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8("an optional value")? {
            0 => Ok(None),
            1 => Ok(Some(T::take(r)?)),
            b => Err(DecodeError::new(format!(
                "{b} is not an optional-value marker"
            ))),
        }
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok((A::take(r)?, B::take(r)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_the_edges() {
        let values = [
            0,
            1,
            127,
            128,
            300,
            u64::from(u32::MAX),
            u64::MAX - 1,
            u64::MAX,
        ];
        let mut w = Writer::new();
        for v in values {
            w.varint(v);
        }
        for v in [0i64, -1, 1, i64::MIN, i64::MAX] {
            w.signed(v);
        }
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes);
        for v in values {
            assert_eq!(r.varint("v").unwrap(), v);
        }
        for v in [0i64, -1, 1, i64::MIN, i64::MAX] {
            assert_eq!(r.signed("v").unwrap(), v);
        }
        assert!(r.is_empty());
    }

    #[test]
    fn overlong_varint_and_huge_count_are_refused() {
        let eleven = [0xffu8; 11];
        assert!(Reader::new(&eleven).varint("v").is_err());
        let mut w = Writer::new();
        w.varint(1 << 40);
        let bytes = w.into_bytes();
        let err = Reader::new(&bytes).count("actions", 1 << 50).unwrap_err();
        assert!(
            err.message().contains("more than this link can hold"),
            "{err}"
        );
    }
}
