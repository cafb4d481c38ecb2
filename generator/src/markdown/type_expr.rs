//! Parser for the type expressions Speakeasy writes in `Type` cells and
//! `### \`type\`` headings:
//!
//! ```text
//! *string*   *number*   *boolean*   *any*   *Uint8Array*   *ReadableStream<Uint8Array>*
//! [Date](https://developer.mozilla.org/...Date)     [Response](https://...Response)
//! [shared.X](../../../sdk/models/shared/x.md)       [~~shared.X~~](...)
//! *shared.X*   shared.X   T[]   T[][]   Record<string, T>   { [k: string]: T }   *"click"*
//! ```
//!
//! Grammar (whitespace allowed between tokens):
//!
//! ```text
//! expr    := primary ("[" "]")*
//! primary := "*" expr "*"                      emphasis, as markdown renders names
//!          | "~~" expr "~~"                    strikethrough (deprecated)
//!          | "[" link-text "](" url ")"
//!          | "{" "[" ident ":" "string" "]" ":" expr "}"
//!          | json-string | number | "true" | "false" | "null"      literal types
//!          | name ("<" expr ("," expr)* ">")?  name := ident ("." ident)*
//! ```
//!
//! The parser never panics (it is fuzzed) and reports the byte offset of the
//! first thing it did not understand together with what it expected.

use serde_json::Value;

/// A parsed type expression; model references are resolved later (lowering),
/// because that needs every doc of the run.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    String,
    Number,
    Boolean,
    Any,
    /// `Uint8Array`: raw bytes.
    Binary,
    /// `ReadableStream<Uint8Array>`.
    ByteStream,
    /// `Date` (link to MDN or bare in a heading).
    DateTime,
    /// `[Response](...)`: the raw HTTP response.
    HttpResponse,
    Literal(Value),
    /// `shared.X` written without a link: resolved by namespace + title.
    Named {
        namespace: String,
        name: String,
        /// Byte offset of the name in the parsed text.
        at: usize,
    },
    /// `[shared.X](path.md)`: resolved by the target file path.
    Link {
        text: String,
        target: String,
        /// Byte offset of the link in the parsed text.
        at: usize,
    },
    Array(Box<TypeExpr>),
    /// Object with arbitrary string keys.
    Map(Box<TypeExpr>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    /// Byte offset in the parsed text.
    pub at: usize,
    pub message: String,
}

const EXPECTED_TYPE: &str =
    "a type (`*string*`, `*number*`, `*boolean*`, `*any*`, `*Uint8Array*`, \
     `[Date](...)`, `[shared.X](x.md)`, `*shared.X*`, `Record<string, T>`, `{ [k: string]: T }`, \
     or a literal such as `*\"click\"*`)";

/// Nesting limit: deeper input is rejected rather than risking the stack
/// (here, and in every later pass that recurses over the type).
const MAX_DEPTH: usize = crate::limits::MAX_TYPE_DEPTH;

/// How many `Array`/`Map` levels wrap the innermost type (iterative: the
/// value may be deep).
fn nesting(mut t: &TypeExpr) -> usize {
    let mut n = 0;
    while let TypeExpr::Array(inner) | TypeExpr::Map(inner) = t {
        n += 1;
        t = inner;
    }
    n
}

/// Parses a whole type expression; trailing input is an error.
pub fn parse(text: &str) -> Result<TypeExpr, TypeError> {
    let mut p = Parser {
        s: text,
        pos: 0,
        depth: 0,
    };
    p.ws();
    let ty = p.expr()?;
    p.ws();
    if p.pos < text.len() {
        return Err(p.err("end of the type expression"));
    }
    Ok(ty)
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn eat(&mut self, tok: &str) -> bool {
        if self.rest().starts_with(tok) {
            self.pos += tok.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &str) -> Result<(), TypeError> {
        self.ws();
        if self.eat(tok) {
            Ok(())
        } else {
            Err(self.err(&format!("`{tok}`")))
        }
    }

    fn err(&self, expected: &str) -> TypeError {
        let found = match self.peek() {
            None => "end of input".to_string(),
            Some(_) => {
                let snippet: String = self.rest().chars().take(20).collect();
                format!("`{snippet}`")
            }
        };
        TypeError {
            at: self.pos,
            message: format!("expected {expected}, found {found}"),
        }
    }

    fn expr(&mut self) -> Result<TypeExpr, TypeError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(TypeError {
                at: self.pos,
                message: format!("type expression nested deeper than {MAX_DEPTH} levels"),
            });
        }
        let mut ty = self.primary()?;
        loop {
            let save = self.pos;
            self.ws();
            if self.eat("[") {
                self.ws();
                if self.eat("]") {
                    // `T[][][]...` nests without recursing in the parser:
                    // count it, or a long suffix builds a type too deep for
                    // every pass after this one.
                    if self.depth + nesting(&ty) >= MAX_DEPTH {
                        return Err(TypeError {
                            at: save,
                            message: format!("type expression nested deeper than {MAX_DEPTH} levels"),
                        });
                    }
                    ty = TypeExpr::Array(Box::new(ty));
                    continue;
                }
                return Err(self.err("`]` closing an array suffix `[]`"));
            }
            self.pos = save;
            break;
        }
        self.depth -= 1;
        Ok(ty)
    }

    fn primary(&mut self) -> Result<TypeExpr, TypeError> {
        self.ws();
        let start = self.pos;
        if self.eat("~~") {
            let inner = self.expr()?;
            self.expect("~~")?;
            return Ok(inner);
        }
        if self.eat("*") {
            let inner = self.expr()?;
            self.expect("*")?;
            return Ok(inner);
        }
        if self.eat("[") {
            return self.link(start);
        }
        if self.eat("{") {
            return self.index_signature();
        }
        match self.peek() {
            Some('"') => self.string_literal(),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number_literal(),
            Some(c) if c.is_alphabetic() || c == '_' => self.named(start),
            _ => Err(self.err(EXPECTED_TYPE)),
        }
    }

    /// After `[`: `text](url)`.
    fn link(&mut self, start: usize) -> Result<TypeExpr, TypeError> {
        let text_start = self.pos;
        let Some(close) = self.rest().find(']') else {
            return Err(self.err("`]` closing the link text"));
        };
        let raw_text = &self.rest()[..close];
        self.pos += close + 1;
        if !self.eat("(") {
            return Err(self.err("`(` starting the link target"));
        }
        let Some(end) = self.rest().find(')') else {
            return Err(self.err("`)` closing the link target"));
        };
        let url = self.rest()[..end].trim();
        let url_at = self.pos;
        self.pos += end + 1;

        let text = raw_text.trim();
        let text = text
            .strip_prefix("~~")
            .and_then(|t| t.strip_suffix("~~"))
            .unwrap_or(text)
            .trim();
        let external = url.starts_with("https://") || url.starts_with("http://");
        match text {
            "Date" if external => Ok(TypeExpr::DateTime),
            "Response" if external => Ok(TypeExpr::HttpResponse),
            _ if external => Err(TypeError {
                at: text_start,
                message: format!(
                    "unknown external type link `[{text}]({url})`; expected `[Date](...)` or `[Response](...)`"
                ),
            }),
            _ => {
                if split_model_name(text).is_none() {
                    return Err(TypeError {
                        at: text_start,
                        message: format!(
                            "expected link text of the form `namespace.Model`, found `{text}`"
                        ),
                    });
                }
                if url.is_empty() {
                    return Err(TypeError {
                        at: url_at,
                        message: "expected a link target (a relative `.md` path), found nothing"
                            .into(),
                    });
                }
                Ok(TypeExpr::Link {
                    text: text.to_string(),
                    target: url.to_string(),
                    at: start,
                })
            }
        }
    }

    /// After `{`: `[k: string]: T }`.
    fn index_signature(&mut self) -> Result<TypeExpr, TypeError> {
        self.expect("[")?;
        self.ws();
        if self.ident().is_none() {
            return Err(self.err("an index key name such as `k`"));
        }
        self.expect(":")?;
        self.ws();
        if !self.eat("string") {
            return Err(self.err("`string` (only string-keyed index signatures are supported)"));
        }
        self.expect("]")?;
        self.expect(":")?;
        let values = self.expr()?;
        self.expect("}")?;
        Ok(TypeExpr::Map(Box::new(values)))
    }

    fn ident(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(i, c)| !(c.is_alphanumeric() || c == '_' || (i > 0 && c == '$')))
            .map_or(rest.len(), |(i, _)| i);
        let first = rest.chars().next()?;
        if len == 0 || first.is_numeric() {
            return None;
        }
        self.pos += len;
        rest.get(..len)
    }

    fn named(&mut self, start: usize) -> Result<TypeExpr, TypeError> {
        let mut parts = Vec::new();
        loop {
            match self.ident() {
                Some(id) => parts.push(id),
                None => return Err(self.err("an identifier")),
            }
            if !self.eat(".") {
                break;
            }
        }
        let save = self.pos;
        self.ws();
        let mut args = Vec::new();
        if self.eat("<") {
            loop {
                args.push(self.expr()?);
                self.ws();
                if self.eat(",") {
                    continue;
                }
                if self.eat(">") {
                    break;
                }
                return Err(self.err("`,` or `>` in a generic argument list"));
            }
        } else {
            self.pos = save;
        }
        let name = parts.join(".");
        let has_args = !args.is_empty();
        let written = self.s.get(start..self.pos).unwrap_or("").to_string();
        let no_args = |ty: TypeExpr| {
            if has_args {
                Err(TypeError {
                    at: start,
                    message: format!("`{name}` takes no type arguments, found `{written}`"),
                })
            } else {
                Ok(ty)
            }
        };
        match (parts.as_slice(), args.len()) {
            (["string"], _) => no_args(TypeExpr::String),
            (["number"], _) => no_args(TypeExpr::Number),
            (["boolean"], _) => no_args(TypeExpr::Boolean),
            (["any"], _) => no_args(TypeExpr::Any),
            (["Uint8Array"], _) => no_args(TypeExpr::Binary),
            (["Date"], _) => no_args(TypeExpr::DateTime),
            (["true"], _) => no_args(TypeExpr::Literal(Value::Bool(true))),
            (["false"], _) => no_args(TypeExpr::Literal(Value::Bool(false))),
            (["null"], _) => no_args(TypeExpr::Literal(Value::Null)),
            (["ReadableStream"], 1) if args.first() == Some(&TypeExpr::Binary) => {
                Ok(TypeExpr::ByteStream)
            }
            (["ReadableStream"], _) => Err(TypeError {
                at: start,
                message: "expected `ReadableStream<Uint8Array>`".into(),
            }),
            (["Record"], 2) => {
                let mut args = args.into_iter();
                let (key, value) = (args.next(), args.next());
                match (key, value) {
                    (Some(TypeExpr::String), Some(value)) => Ok(TypeExpr::Map(Box::new(value))),
                    _ => Err(TypeError {
                        at: start,
                        message: "expected `Record<string, T>` (only string keys are supported)"
                            .into(),
                    }),
                }
            }
            (["Record"], _) => Err(TypeError {
                at: start,
                message: "expected `Record<string, T>` with exactly two type arguments".into(),
            }),
            ([namespace, model], 0) => Ok(TypeExpr::Named {
                namespace: namespace.to_string(),
                name: model.to_string(),
                at: start,
            }),
            _ => Err(TypeError {
                at: start,
                message: format!("unknown type `{name}`; expected {EXPECTED_TYPE}"),
            }),
        }
    }

    fn string_literal(&mut self) -> Result<TypeExpr, TypeError> {
        let rest = self.rest();
        let mut escaped = false;
        let mut end = None;
        for (i, c) in rest.char_indices().skip(1) {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = Some(i + 1);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            return Err(self.err("a closing `\"` for the string literal"));
        };
        let lit = rest.get(..end).unwrap_or("");
        match serde_json::from_str::<Value>(lit) {
            Ok(v) => {
                self.pos += end;
                Ok(TypeExpr::Literal(v))
            }
            Err(e) => Err(TypeError {
                at: self.pos,
                message: format!("invalid string literal {lit}: {e}"),
            }),
        }
    }

    fn number_literal(&mut self) -> Result<TypeExpr, TypeError> {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+') || (c == '-' && i == 0))
                    && !(c == '-'
                        && i > 0
                        && matches!(rest.as_bytes().get(i - 1), Some(b'e' | b'E')))
            })
            .map_or(rest.len(), |(i, _)| i);
        let lit = rest.get(..len).unwrap_or("");
        match serde_json::from_str::<serde_json::Number>(lit) {
            Ok(n) => {
                self.pos += len;
                Ok(TypeExpr::Literal(Value::Number(n)))
            }
            Err(_) => Err(self.err("a number literal")),
        }
    }
}

/// `ns.Model` -> (`ns`, `Model`) when both parts are identifiers.
pub fn split_model_name(text: &str) -> Option<(&str, &str)> {
    let (ns, name) = text.split_once('.')?;
    let is_ident = |s: &str| {
        let mut cs = s.chars();
        cs.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && cs.all(|c| c.is_alphanumeric() || c == '_')
    };
    (is_ident(ns) && is_ident(name)).then_some((ns, name))
}

/// A `help:` for a type cell that failed to parse at `rest` (the text from
/// the error on): the type name that was probably meant.
pub fn help_at(rest: &str) -> Option<String> {
    let word: String = rest
        .trim_start_matches(['*', '_', '[', ' '])
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if word.is_empty() {
        return None;
    }
    // Names other languages and schemas use for the types these docs spell
    // their own way.
    let meant = match word.to_ascii_lowercase().as_str() {
        "int" | "int32" | "int64" | "integer" | "long" | "float" | "double" | "float64" | "decimal" => "number",
        "bool" => "boolean",
        "str" | "text" => "string",
        "object" | "unknown" | "json" => "any",
        "datetime" | "timestamp" => "Date",
        "map" | "dict" | "hashmap" => return Some("a map is written `Record<string, T>`".to_string()),
        _ => crate::diag::closest(&word, ["string", "number", "boolean", "any", "Date", "Uint8Array", "Record"])?,
    };
    Some(format!("did you mean `{meant}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use TypeExpr as T;

    fn ok(s: &str) -> TypeExpr {
        match parse(s) {
            Ok(t) => t,
            Err(e) => panic!("{s:?}: {e:?}"),
        }
    }

    fn arr(t: TypeExpr) -> TypeExpr {
        T::Array(Box::new(t))
    }

    fn map(t: TypeExpr) -> TypeExpr {
        T::Map(Box::new(t))
    }

    #[test]
    fn scalars() {
        assert_eq!(ok("*string*"), T::String);
        assert_eq!(ok("*number*"), T::Number);
        assert_eq!(ok("*boolean*"), T::Boolean);
        assert_eq!(ok("*any*"), T::Any);
        assert_eq!(ok("*Uint8Array*"), T::Binary);
        assert_eq!(ok("*ReadableStream<Uint8Array>*"), T::ByteStream);
        assert_eq!(ok("string"), T::String);
        assert_eq!(ok("Date"), T::DateTime);
    }

    #[test]
    fn external_links() {
        assert_eq!(
            ok("[Date](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date)"),
            T::DateTime
        );
        assert_eq!(
            ok("[Response](https://developer.mozilla.org/en-US/docs/Web/API/Response)"),
            T::HttpResponse
        );
        let e = parse("[Blob](https://developer.mozilla.org/Blob)").unwrap_err();
        assert_eq!(e.at, 1);
        assert!(
            e.message.contains("unknown external type link"),
            "{}",
            e.message
        );
    }

    #[test]
    fn model_links_and_names() {
        let link = |text: &str, target: &str| T::Link {
            text: text.into(),
            target: target.into(),
            at: 0,
        };
        assert_eq!(
            ok("[shared.Categories](../../../sdk/models/shared/categories.md)[]"),
            arr(link(
                "shared.Categories",
                "../../../sdk/models/shared/categories.md"
            ))
        );
        assert_eq!(
            ok("[~~shared.Status~~](../shared/status.md)"),
            link("shared.Status", "../shared/status.md")
        );
        assert_eq!(
            ok("*shared.Options*[]"),
            arr(T::Named {
                namespace: "shared".into(),
                name: "Options".into(),
                at: 1
            })
        );
        assert_eq!(
            ok("shared.Four"),
            T::Named {
                namespace: "shared".into(),
                name: "Four".into(),
                at: 0
            }
        );
    }

    #[test]
    fn arrays_and_maps() {
        assert_eq!(ok("*string*[]"), arr(T::String));
        assert_eq!(ok("*string*[][]"), arr(arr(T::String)));
        assert_eq!(ok("any[]"), arr(T::Any));
        assert_eq!(ok("Record<string, *any*>"), map(T::Any));
        assert_eq!(ok("Record<string, *string*[]>"), map(arr(T::String)));
        assert_eq!(ok("{ [k: string]: any }"), map(T::Any));
        assert_eq!(ok("{ [k: string]: any }[]"), arr(map(T::Any)));
        assert_eq!(
            ok("Record<string, [shared.X](x.md)>"),
            map(T::Link {
                text: "shared.X".into(),
                target: "x.md".into(),
                at: 15
            })
        );
    }

    #[test]
    fn literals() {
        assert_eq!(ok("*\"click\"*"), T::Literal(Value::String("click".into())));
        assert_eq!(
            ok("*\"a \\\" b\"*"),
            T::Literal(Value::String("a \" b".into()))
        );
        assert_eq!(ok("*42*"), T::Literal(serde_json::json!(42)));
        assert_eq!(ok("*-1.5e-3*"), T::Literal(serde_json::json!(-1.5e-3)));
        assert_eq!(ok("*true*"), T::Literal(Value::Bool(true)));
    }

    #[test]
    fn errors_name_offset_and_expectation() {
        let e = parse("*strin*").unwrap_err();
        assert_eq!(e.at, 1);
        assert!(
            e.message.starts_with("unknown type `strin`"),
            "{}",
            e.message
        );

        let e = parse("*string").unwrap_err();
        assert_eq!(
            (e.at, e.message.as_str()),
            (7, "expected `*`, found end of input")
        );

        let e = parse("*string*[x]").unwrap_err();
        assert_eq!(e.at, 9);
        assert!(e.message.contains("`]`"), "{}", e.message);

        let e = parse("Record<number, *any*>").unwrap_err();
        assert_eq!(e.at, 0);
        assert!(e.message.contains("Record<string, T>"), "{}", e.message);

        let e = parse("*string* extra").unwrap_err();
        assert_eq!(e.at, 9);
        assert!(
            e.message.starts_with("expected end of the type expression"),
            "{}",
            e.message
        );

        let e = parse("[shared X](x.md)").unwrap_err();
        assert!(e.message.contains("namespace.Model"), "{}", e.message);

        let e = parse("").unwrap_err();
        assert_eq!(e.at, 0);
        assert!(e.message.contains("end of input"), "{}", e.message);

        let e = parse("*\"open*").unwrap_err();
        assert!(e.message.contains("closing `\"`"), "{}", e.message);
    }

    /// Random token soup from the grammar's alphabet (a cheap, dependency-free
    /// stand-in for the fuzzer): never a panic, and whatever parses re-parses
    /// the same way with extra spaces around it.
    #[test]
    fn random_token_soup_never_panics() {
        const TOKENS: &[&str] = &[
            "*",
            "~~",
            "[",
            "]",
            "(",
            ")",
            "{",
            "}",
            "<",
            ">",
            ",",
            ":",
            ".",
            " ",
            "[]",
            "string",
            "number",
            "any",
            "Uint8Array",
            "ReadableStream",
            "Record",
            "Date",
            "shared",
            "X",
            "k",
            "\"",
            "\"a\"",
            "1",
            "-2.5e3",
            "true",
            "é",
            "https://x/Date",
            "../x.md",
            "](",
            "\\",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut parsed = 0;
        for _ in 0..50_000 {
            let len = (next() % 12) as usize;
            let s: String = (0..len)
                .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
                .collect();
            if let Ok(t) = parse(&s) {
                parsed += 1;
                let spaced = parse(&format!("  {s}  "));
                assert!(
                    spaced.is_ok(),
                    "{s:?} parsed but not with surrounding spaces"
                );
                if !matches!(t, TypeExpr::Link { .. } | TypeExpr::Named { .. }) {
                    assert_eq!(spaced.ok(), Some(t), "{s:?}");
                }
            }
        }
        assert!(
            parsed > 100,
            "the soup should contain valid types too ({parsed})"
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let deep = "*".repeat(200) + "string" + &"*".repeat(200);
        assert!(parse(&deep).is_err());
        let deep_arr = "Record<string, ".repeat(100);
        assert!(parse(&deep_arr).is_err());
        // Array suffixes nest without recursion in the parser; they used to
        // build a type deep enough to overflow the stack of later passes.
        let suffixes = format!("*string*{}", "[]".repeat(100_000));
        let e = parse(&suffixes).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{}", e.message);
        let mixed = format!("Record<string, *string*{}>{}", "[]".repeat(20), "[]".repeat(20));
        assert!(parse(&mixed).is_err());
        let ok = format!("*string*{}", "[]".repeat(MAX_DEPTH - 1));
        assert_eq!(nesting(&parse(&ok).unwrap()), MAX_DEPTH - 1);
        for s in [
            "[",
            "[a](",
            "{",
            "{ [",
            "{ [k",
            "{ [k: string",
            "Record<",
            "é*",
            "*é",
            "\"",
            "-",
            "~~",
            "a.b.c",
            "a.",
            "[é](é)",
        ] {
            let _ = parse(s);
        }
    }
}
