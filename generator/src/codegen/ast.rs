//! Syntax-tree builders for the parts of the output that grow with the input.
//!
//! prettyplease prints a `syn::File`. Writing items with `quote!` and
//! parsing them back was the single biggest cost of a run (profiled on
//! docs-2026-02: a third of all CPU time), most of it in what is repeated
//! per field and per enum value. Those pieces (types, struct
//! fields, doc and serde attributes, enum variants, match arms and value
//! tables) are built here as `syn` nodes directly, so they are never printed
//! to tokens and parsed back. Text still only ever enters the tree as a string
//! literal (`LitStr::new` escapes it) or through a checked [`ident`].

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{
    AttrStyle, Attribute, Expr, ExprLit, ExprPath, GenericArgument, Lit, LitStr, Meta, MetaList,
    MetaNameValue, Path, PathArguments, PathSegment, Type, TypePath,
};

use super::ident::ident;

fn span() -> Span {
    Span::call_site()
}

/// A path from `::`-separated text written in this crate
/// (`::std::string::String`, `super::super::DateTime`, `Self`), plus generic
/// arguments on its last segment. Never text from input: names from docs and
/// specs go through [`ident`] ([`ty_in`], [`ty_ident`]).
pub fn path_with(text: &str, args: Vec<Type>) -> Path {
    let (leading_colon, rest) = match text.strip_prefix("::") {
        Some(rest) => (Some(Default::default()), rest),
        None => (None, text),
    };
    let mut segments: Punctuated<PathSegment, syn::Token![::]> = Punctuated::new();
    for part in rest.split("::") {
        segments.push(PathSegment { ident: segment_ident(part), arguments: PathArguments::None });
    }
    if !args.is_empty() {
        if let Some(last) = segments.last_mut() {
            last.arguments = PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                colon2_token: None,
                lt_token: Default::default(),
                args: args.into_iter().map(GenericArgument::Type).collect(),
                gt_token: Default::default(),
            });
        }
    }
    Path { leading_colon, segments }
}

/// A segment of a fixed path; [`ident`] would refuse `super` and `Self` on
/// purpose (no model may be named so). Checked like [`ident`] anyway, so a
/// typo here is a wrong name in the output, never a panic.
fn segment_ident(part: &str) -> proc_macro2::Ident {
    let plain = part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        proc_macro2::Ident::new(part, span())
    } else {
        ident(part)
    }
}

pub fn path(text: &str) -> Path {
    path_with(text, Vec::new())
}

/// A type path with generic arguments: `ty("::std::vec::Vec", vec![t])`.
pub fn ty(text: &str, args: Vec<Type>) -> Type {
    Type::Path(TypePath { qself: None, path: path_with(text, args) })
}

/// A type named by one (checked) identifier.
pub fn ty_ident(name: &str) -> Type {
    Type::Path(TypePath { qself: None, path: Path::from(ident(name)) })
}

/// `a::b::<last>`: a path from text plus one more (checked) identifier.
pub fn ty_in(prefix: &str, last: &str) -> Type {
    let mut p = path(prefix);
    p.segments.push(PathSegment { ident: ident(last), arguments: PathArguments::None });
    Type::Path(TypePath { qself: None, path: p })
}

pub fn lit_str(text: &str) -> Expr {
    Expr::Lit(ExprLit { attrs: Vec::new(), lit: Lit::Str(LitStr::new(text, span())) })
}

pub fn expr_path(p: Path) -> Expr {
    Expr::Path(ExprPath { attrs: Vec::new(), qself: None, path: p })
}

/// `Self::<variant>`.
pub fn self_variant(variant: &proc_macro2::Ident) -> Path {
    let mut p = path("Self");
    p.segments.push(PathSegment { ident: variant.clone(), arguments: PathArguments::None });
    p
}

fn outer(meta: Meta) -> Attribute {
    Attribute {
        pound_token: Default::default(),
        style: AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `#[doc = "<text>"]`, printed as a `///` line.
pub fn doc_attr(text: &str) -> Attribute {
    outer(Meta::NameValue(MetaNameValue {
        path: path("doc"),
        eq_token: Default::default(),
        value: lit_str(text),
    }))
}

/// `#[<name>(<tokens>)]`; attribute arguments stay tokens in `syn` too.
pub fn list_attr(name: &str, tokens: TokenStream) -> Attribute {
    outer(Meta::List(MetaList {
        path: path(name),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[<name>]`.
pub fn word_attr(name: &str) -> Attribute {
    outer(Meta::Path(path(name)))
}

/// `<pat> => <body>,`.
pub fn arm(pat: syn::Pat, body: Expr) -> syn::Arm {
    syn::Arm {
        attrs: Vec::new(),
        pat,
        guard: None,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

/// `Self::<variant>` as a pattern.
pub fn pat_self_variant(variant: &proc_macro2::Ident) -> syn::Pat {
    syn::Pat::Path(ExprPath { attrs: Vec::new(), qself: None, path: self_variant(variant) })
}

/// `(a, b)`.
pub fn pair(a: Expr, b: Expr) -> Expr {
    let mut elems = Punctuated::new();
    elems.push(a);
    elems.push(b);
    Expr::Tuple(syn::ExprTuple { attrs: Vec::new(), paren_token: Default::default(), elems })
}

/// Fills an impl written with placeholders: the arms of the `match` that is
/// the body of method `method` go before the arms already there, and the
/// elements of the slice constant `konst` (`&[]`) are set.
pub fn fill_impl(imp: &mut syn::ItemImpl, method: &str, arms: Vec<syn::Arm>, konst: &str, elems: Vec<Expr>) {
    let mut arms = Some(arms);
    let mut elems = Some(elems);
    for item in &mut imp.items {
        match item {
            syn::ImplItem::Fn(f) if f.sig.ident == method => {
                if let Some(syn::Stmt::Expr(Expr::Match(m), _)) = f.block.stmts.first_mut() {
                    m.arms.splice(0..0, arms.take().unwrap_or_default());
                }
            }
            syn::ImplItem::Const(c) if c.ident == konst => {
                if let Expr::Reference(r) = &mut c.expr {
                    if let Expr::Array(a) = &mut *r.expr {
                        a.elems = elems.take().unwrap_or_default().into_iter().collect();
                    }
                }
            }
            _ => {}
        }
    }
}

/// Names impls cloned from a template: every impl's type becomes `name`, and
/// argument `arg` of the call that is the body of method `method` becomes
/// the string `text`.
pub fn name_impls(items: &mut [syn::Item], name: &proc_macro2::Ident, method: &str, arg: usize, text: &str) {
    for item in items {
        let syn::Item::Impl(imp) = item else { continue };
        *imp.self_ty = Type::Path(TypePath { qself: None, path: Path::from(name.clone()) });
        for it in &mut imp.items {
            let syn::ImplItem::Fn(f) = it else { continue };
            if f.sig.ident != method {
                continue;
            }
            if let Some(syn::Stmt::Expr(Expr::Call(call), _)) = f.block.stmts.first_mut() {
                if let Some(a) = call.args.iter_mut().nth(arg) {
                    *a = lit_str(text);
                }
            }
        }
    }
}
