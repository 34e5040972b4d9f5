//! `#[schema_rules]` writes a wire type's `validator` rules into its OpenAPI document, so
//! that the rules are written once and the document cannot drift from what the server
//! checks.
//!
//! Put it above the type's `#[derive]`s. For each field, every `#[validate(...)]` rule with a
//! JSON-schema equivalent becomes a constraint of the field's `#[schema(...)]` (for a
//! `ToSchema` type) or `#[param(...)]` (for an `IntoParams` query type):
//!
//! | `validator` rule            | OpenAPI                                   |
//! |-----------------------------|-------------------------------------------|
//! | `length(min, max, equal)`   | `minLength`/`maxLength`, or `minItems`/`maxItems` on a `Vec` |
//! | `range(min, max)`           | `minimum`/`maximum`                       |
//! | `range(exclusive_min, …)`   | `exclusiveMinimum`/`exclusiveMaximum`     |
//! | `email`                     | the pattern `validator` accepts (not `format: email`, stricter) |
//! | `custom(function = "crate::rules::…")` | that rule's form, from [`NAMED`]  |
//!
//! Other `custom` functions and `nested` are left to the server; any other rule is a compile
//! error, so a new kind of rule cannot silently escape the document. `pattern!(name)` gives a
//! named rule's pattern as a literal, for the tests that hold the function to it.
//!
//! The constraints are emitted under `#[cfg_attr(feature = "openapi", …)]`, the domain
//! crate's switch; `#[schema_rules(always)]` emits them plainly (a crate that always derives
//! its schemas).

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{ToTokens, quote};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Attribute, Error, Expr, Field, ItemStruct, Meta, MetaNameValue, Token, Type};

/// What `validator`'s `email` rule accepts (the HTML standard's valid e-mail address, at most
/// 64 characters before the `@`), as a pattern. Its internationalised domains and address
/// literals are left out: a client keeping to the pattern is always accepted.
macro_rules! email_body {
    () => {
        concat!(
            r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@",
            r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*"
        )
    };
}
const EMAIL_PATTERN: &str = concat!("^", email_body!(), "$");

/// The rules of `civis_domain::rules`, by function name: the pattern a string must match,
/// or the documented type of a list's items.
enum Named {
    Pattern(&'static str),
    Items(&'static str),
}

const NAMED: &[(&str, Named)] = &[
    // A character outside Rust's `char::is_whitespace` (Unicode White_Space), which `trim`
    // removes; spelled out, since ECMA-262's `\s` is another set (U+0085, U+FEFF).
    ("not_blank", Named::Pattern(r"[^\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")),
    ("code", Named::Pattern("^[a-z0-9_-]+$")),
    ("town_slug", Named::Pattern("^[a-z0-9][a-z0-9-]*$")),
    ("empty_or_email", Named::Pattern(concat!("^(?:|", email_body!(), ")$"))),
    ("keywords", Named::Items("crate::rules::Keyword")),
    ("weekdays", Named::Items("crate::rules::IsoWeekday")),
];

/// `pattern!(code)`: the pattern of a named rule, as a string literal.
#[proc_macro]
pub fn pattern(input: TokenStream) -> TokenStream {
    let name = input.to_string();
    match NAMED.iter().find(|(n, _)| *n == name) {
        Some((_, Named::Pattern(p))) => quote!(#p).into(),
        _ => Error::new(proc_macro2::Span::call_site(), format!("no pattern named `{name}`")).to_compile_error().into(),
    }
}

/// See the crate's documentation.
#[proc_macro_attribute]
pub fn schema_rules(args: TokenStream, item: TokenStream) -> TokenStream {
    match expand(args.into(), item.into()) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand(args: Tokens, item: Tokens) -> syn::Result<Tokens> {
    let always = match args.to_string().as_str() {
        "" => false,
        "always" => true,
        other => {
            return Err(Error::new_spanned(args, format!("unknown argument `{other}`; expected `always` or nothing")));
        }
    };
    let mut item: ItemStruct = syn::parse2(item)?;
    let derived = derives(&item.attrs);
    let targets: Vec<&str> = [("ToSchema", "schema"), ("IntoParams", "param")]
        .iter()
        .filter(|(d, _)| derived.contains(d))
        .map(|(_, t)| *t)
        .collect();
    for field in item.fields.iter_mut() {
        let constraints = constraints(field)?;
        if constraints.is_empty() {
            continue;
        }
        for target in &targets {
            let target = syn::Ident::new(target, proc_macro2::Span::call_site());
            let attr = if always {
                quote!(#[#target(#(#constraints),*)])
            } else {
                quote!(#[cfg_attr(feature = "openapi", #target(#(#constraints),*))])
            };
            field.attrs.extend(Attribute::parse_outer.parse2(attr)?);
        }
    }
    Ok(item.into_token_stream())
}

/// The words of the type's derives (plain or under `cfg_attr`).
fn derives(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive") || a.path().is_ident("cfg_attr"))
        .map(|a| a.meta.to_token_stream().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The schema constraints a field's `validate` rules imply.
fn constraints(field: &Field) -> syn::Result<Vec<Tokens>> {
    let mut out = Vec::new();
    let items = is_vec(&field.ty);
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("validate")) {
        let rules = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
        for rule in rules {
            let name = rule.path().get_ident().map(ToString::to_string).unwrap_or_default();
            match name.as_str() {
                "length" => length(&rule, items, &mut out)?,
                "range" => range(&rule, &mut out)?,
                // The pattern, not `format: email`: JSON Schema's format refuses addresses
                // `validator` accepts (a dot first), and the document must say what the
                // server takes.
                "email" => out.push(quote!(pattern = #EMAIL_PATTERN)),
                "custom" => custom(&rule, &mut out)?,
                "nested" => {}
                _ => return Err(Error::new_spanned(rule, "this rule has no OpenAPI equivalent in schema_rules yet")),
            }
        }
    }
    Ok(out)
}

/// A `custom(function = "crate::rules::name")` rule: its form when [`NAMED`] knows it.
fn custom(rule: &Meta, out: &mut Vec<Tokens>) -> syn::Result<()> {
    let Some((_, function)) = arguments(rule)?.into_iter().find(|(k, _)| k == "function") else { return Ok(()) };
    let path = match &function {
        Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => s.value(),
        other => other.to_token_stream().to_string().replace(' ', ""),
    };
    let name = path.rsplit("::").next().unwrap_or_default();
    match NAMED.iter().find(|(n, _)| *n == name && path.contains("rules::")) {
        Some((_, Named::Pattern(p))) => out.push(quote!(pattern = #p)),
        Some((_, Named::Items(item))) => {
            let item: syn::Path = syn::parse_str(item)?;
            out.push(quote!(value_type = Vec<#item>));
        }
        None => {}
    }
    Ok(())
}

fn length(rule: &Meta, items: bool, out: &mut Vec<Tokens>) -> syn::Result<()> {
    let (min, max) =
        if items { (quote!(min_items), quote!(max_items)) } else { (quote!(min_length), quote!(max_length)) };
    for (key, value) in arguments(rule)? {
        match key.as_str() {
            "min" => out.push(quote!(#min = #value)),
            "max" => out.push(quote!(#max = #value)),
            "equal" => out.extend([quote!(#min = #value), quote!(#max = #value)]),
            _ => {}
        }
    }
    Ok(())
}

fn range(rule: &Meta, out: &mut Vec<Tokens>) -> syn::Result<()> {
    for (key, value) in arguments(rule)? {
        match key.as_str() {
            "min" => out.push(quote!(minimum = #value)),
            "max" => out.push(quote!(maximum = #value)),
            "exclusive_min" => out.push(quote!(exclusive_minimum = #value)),
            "exclusive_max" => out.push(quote!(exclusive_maximum = #value)),
            _ => {}
        }
    }
    Ok(())
}

/// A rule's `key = value` arguments.
fn arguments(rule: &Meta) -> syn::Result<Vec<(String, Expr)>> {
    let list = rule.require_list()?;
    let pairs = list.parse_args_with(Punctuated::<MetaNameValue, Token![,]>::parse_terminated)?;
    Ok(pairs
        .into_iter()
        .map(|nv| (nv.path.get_ident().map(ToString::to_string).unwrap_or_default(), nv.value))
        .collect())
}

/// Whether the field holds a list (`Vec<T>` or `Option<Vec<T>>`): its length counts items.
fn is_vec(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    let Some(last) = path.path.segments.last() else { return false };
    if last.ident == "Vec" {
        return true;
    }
    if last.ident == "Option"
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return is_vec(inner);
    }
    false
}
