//! The small subset of Python literals that a `.npy` header dict is made of:
//! a hand-written recursive-descent parser (the reader's side) and Python's
//! `repr` of strings (the writer's side).
//!
//! NumPy reads the header with `ast.literal_eval`. This module accepts the
//! part of that grammar NumPy writes and reads back: dicts, lists, tuples
//! (`()`, `(3,)`, `(2, 3)`, trailing commas), strings in single or double
//! quotes with the escapes `repr` produces, decimal integers (optionally
//! signed, with a Python 2 `L` suffix in versions 1.0 and 2.0, as NumPy
//! tolerates), `True` and `False`, and whitespace between tokens. Anything
//! else — floats, `None`, hexadecimal, implicit string concatenation,
//! comments, triple quotes, byte or raw strings — is refused.
//!
//! Nesting is bounded by [`MAX_DEPTH`] so hostile input cannot exhaust the
//! stack, and every collection grows only by items actually present in the
//! input, so memory use is linear in the header that was given.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};

/// The deepest nesting of brackets the parser follows.
pub(crate) const MAX_DEPTH: usize = 32;

/// A parsed Python literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    /// A `str`.
    Str(String),
    /// An `int`; `None` when it does not fit `i128`.
    Int(Option<i128>),
    /// `True` or `False`.
    Bool(bool),
    /// A tuple.
    Tuple(Vec<Value>),
    /// A list.
    List(Vec<Value>),
    /// A dict, in source order (duplicates kept, for the caller to refuse).
    Dict(Vec<(Value, Value)>),
}

impl Value {
    /// A short name of the value's Python type, for error messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "str",
            Value::Int(_) => "int",
            Value::Bool(_) => "bool",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
        }
    }
}

/// Parses `text` as one literal surrounded by optional whitespace.
///
/// `legacy_long` accepts a Python 2 `L` suffix on integers (NumPy strips it
/// for version 1.0 and 2.0 headers).
pub(crate) fn parse(text: &str, legacy_long: bool) -> Result<Value> {
    let mut p = Parser {
        text,
        pos: 0,
        legacy_long,
    };
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos != text.len() {
        return Err(p.error("unexpected text after the header dict"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    legacy_long: bool,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> Error {
        Error::InvalidHeader {
            reason: format!("cannot parse header at byte {}: {what}", self.pos),
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while let Some(' ' | '\t' | '\n' | '\r' | '\x0c') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!("literals nested deeper than {MAX_DEPTH} levels")));
        }
        self.skip_ws();
        match self.peek() {
            None => Err(self.error("unexpected end of header, expected a value")),
            Some('{') => self.dict(depth),
            Some('[') => {
                self.pos += 1;
                let (items, _) = self.items(']', depth)?;
                Ok(Value::List(items))
            }
            Some('(') => {
                self.pos += 1;
                let (mut items, comma) = self.items(')', depth)?;
                if items.len() == 1 && !comma {
                    // `(x)` is just a parenthesised `x`.
                    Ok(items.remove(0))
                } else {
                    Ok(Value::Tuple(items))
                }
            }
            Some(q @ ('\'' | '"')) => {
                self.pos += 1;
                self.string(q).map(Value::Str)
            }
            Some('-' | '+' | '0'..='9') => self.int(),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => self.name(),
            Some(c) => Err(self.error(&format!("unexpected character {c:?}"))),
        }
    }

    /// Comma-separated values up to `close` (the opening bracket is already
    /// consumed). Returns the values and whether any comma was seen.
    fn items(&mut self, close: char, depth: usize) -> Result<(Vec<Value>, bool)> {
        let mut items = Vec::new();
        let mut comma = false;
        loop {
            self.skip_ws();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok((items, comma));
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.bump() {
                Some(',') => comma = true,
                Some(c) if c == close => return Ok((items, comma)),
                _ => return Err(self.error(&format!("expected ',' or '{close}'"))),
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Result<Value> {
        self.pos += 1; // '{'
        let mut entries = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some('}') {
                self.pos += 1;
                return Ok(Value::Dict(entries));
            }
            let key = self.value(depth + 1)?;
            self.skip_ws();
            if self.bump() != Some(':') {
                return Err(self.error("expected ':' after a dict key"));
            }
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_ws();
            match self.bump() {
                Some(',') => {}
                Some('}') => return Ok(Value::Dict(entries)),
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    /// The body of a string after its opening quote `q`.
    fn string(&mut self, q: char) -> Result<String> {
        let mut out = String::new();
        loop {
            match self.bump() {
                None | Some('\n' | '\r') => return Err(self.error("unterminated string")),
                Some(c) if c == q => return Ok(out),
                Some('\\') => {
                    let c = match self.bump() {
                        None => return Err(self.error("unterminated string")),
                        Some('\\') => '\\',
                        Some('\'') => '\'',
                        Some('"') => '"',
                        Some('n') => '\n',
                        Some('r') => '\r',
                        Some('t') => '\t',
                        Some('x') => self.hex_escape(2)?,
                        Some('u') => self.hex_escape(4)?,
                        Some('U') => self.hex_escape(8)?,
                        Some(c) => return Err(self.error(&format!("unsupported escape '\\{c}'"))),
                    };
                    out.push(c);
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn hex_escape(&mut self, digits: usize) -> Result<char> {
        let mut code: u32 = 0;
        for _ in 0..digits {
            let d = self
                .bump()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.error("truncated hexadecimal escape"))?;
            code = code * 16 + d;
        }
        char::from_u32(code).ok_or_else(|| self.error("escape is not a Unicode scalar value"))
    }

    fn int(&mut self) -> Result<Value> {
        let negative = match self.peek() {
            Some('-') => {
                self.pos += 1;
                true
            }
            Some('+') => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let start = self.pos;
        let mut value: Option<i128> = Some(0);
        while let Some(c) = self.peek() {
            let Some(d) = c.to_digit(10) else { break };
            self.pos += 1;
            value = value
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(i128::from(d)));
        }
        let digits = &self.text[start..self.pos];
        if digits.is_empty() {
            return Err(self.error("expected digits"));
        }
        if digits.len() > 1 && digits.starts_with('0') && digits.bytes().any(|b| b != b'0') {
            return Err(self.error("leading zeros in a decimal integer"));
        }
        if self.legacy_long && matches!(self.peek(), Some('L' | 'l')) {
            self.pos += 1;
        }
        if let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '.' {
                return Err(self.error(&format!(
                    "unsupported number syntax at {c:?} (only decimal integers)"
                )));
            }
        }
        Ok(Value::Int(if negative { value.map(|v| -v) } else { value }))
    }

    fn name(&mut self) -> Result<Value> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        match &self.text[start..self.pos] {
            "True" => Ok(Value::Bool(true)),
            "False" => Ok(Value::Bool(false)),
            _ => {
                self.pos = start;
                Err(self.error("unsupported name (only True and False)"))
            }
        }
    }
}

/// Python's `repr` of a `str`, as NumPy writes names and type strings.
///
/// Exact for every character up to U+00FF. Characters above are written
/// as themselves; Python would escape the few of them it deems not
/// printable (such as U+2028), which both readers accept either way.
pub(crate) fn repr_str(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\0'..='\x1f' | '\x7f'..='\u{a0}' | '\u{ad}' => {
                out.push_str(&format!("\\x{:02x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn s(x: &str) -> Value {
        Value::Str(x.to_string())
    }

    #[test]
    fn parses_the_numpy_subset() {
        assert_eq!(parse("()", false).unwrap(), Value::Tuple(vec![]));
        assert_eq!(parse("(3)", false).unwrap(), Value::Int(Some(3)));
        assert_eq!(
            parse("( 3 , )", false).unwrap(),
            Value::Tuple(vec![Value::Int(Some(3))])
        );
        assert_eq!(
            parse("[('a', \"<f4\", (2,)),]", false).unwrap(),
            Value::List(vec![Value::Tuple(vec![
                s("a"),
                s("<f4"),
                Value::Tuple(vec![Value::Int(Some(2))])
            ])])
        );
        assert_eq!(parse("-0", false).unwrap(), Value::Int(Some(0)));
        assert_eq!(parse("3L", true).unwrap(), Value::Int(Some(3)));
        assert!(parse("3L", false).is_err());
        assert_eq!(
            parse("99999999999999999999999999999999999999999", false).unwrap(),
            Value::Int(None)
        );
        assert_eq!(parse(r"'a\'b\x41\u00e9'", false).unwrap(), s("a'bAé"));
    }

    #[test]
    fn refuses_what_numpy_never_writes() {
        for bad in [
            "",
            "(",
            "(,)",
            "[1,,2]",
            "{'a' 1}",
            "'abc",
            "'a\nb'",
            "1.5",
            "0x10",
            "None",
            "012",
            "'a' 'b'",
            "{}}",
            "tru",
            "'\\q'",
            "'\\x4'",
            "'\\ud800'",
            "+",
        ] {
            assert!(parse(bad, false).is_err(), "{bad:?}");
        }
        let deep = "[".repeat(MAX_DEPTH + 2);
        assert!(parse(&deep, false).is_err());
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok, false).is_ok());
    }

    #[test]
    fn repr_matches_python() {
        let cases = [
            ("x", "'x'"),
            ("it's", "\"it's\""),
            ("a\"b", "'a\"b'"),
            ("a'b\"c", "'a\\'b\"c'"),
            ("x\\y", "'x\\\\y'"),
            ("\u{85}\u{a0}\u{ad}é\n", "'\\x85\\xa0\\xadé\\n'"),
        ];
        for (input, expected) in cases {
            let mut out = String::new();
            repr_str(input, &mut out);
            assert_eq!(out, expected);
            assert_eq!(parse(&out, false).unwrap(), s(input));
        }
    }
}
