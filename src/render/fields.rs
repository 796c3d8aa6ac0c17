//! Which variables a theme's templates name, and a page's view put into the
//! Tera context field by field, only the fields some template names.
//!
//! A plan page's view holds every value a template might show; turning all
//! of it into Tera's JSON values took most of a 10,000-plan build, while the
//! built-in templates read only the rendered `sections`. So the context gets
//! the fields the site's templates (built-in or its own) name, and of a
//! field only read through its attributes (`plan.opportunities`, never
//! `plan` alone), only those attributes: a site that loops over
//! `plan.opportunities` in its own partial pays for them and nothing else.
//! The page is the same either way: a template cannot read a value without
//! naming it (except through `__tera_context`, which turns the filter off).

use super::theme::Theme;
use serde::ser::{self, Impossible, Serialize};
use std::collections::{HashMap, HashSet};
use tera::Context;

/// The variables a page template may read: the identifiers used inside the
/// tags (`{{ … }}`, `{% … %}`) of the template and of every template it
/// extends, includes or imports.
#[derive(Clone, Debug, Default)]
pub struct TemplateNames {
    names: HashMap<String, Use>,
    /// A template reads the whole context (`__tera_context`).
    all: bool,
}

/// How templates read a variable.
#[derive(Clone, Debug, PartialEq)]
enum Use {
    /// As a whole somewhere (`{{ plan }}`, `plan | length`, `plan[k]`).
    Whole,
    /// Only through these attributes (`plan.goals`, `plan.name`).
    Attributes(HashSet<String>),
}

impl Use {
    /// This use and `other` together.
    fn join(&mut self, other: Option<&str>) {
        match (&mut *self, other) {
            (Use::Attributes(attrs), Some(a)) => {
                attrs.insert(a.to_string());
            }
            (Use::Attributes(_), None) => *self = Use::Whole,
            (Use::Whole, _) => {}
        }
    }
}

impl TemplateNames {
    /// The names `template` of `theme` and the templates it uses read.
    pub fn for_template(theme: &Theme, template: &str) -> TemplateNames {
        let mut named = TemplateNames::default();
        let mut todo = vec![template.to_string()];
        let mut seen = HashSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(text) = theme.templates.get(&name) else {
                continue;
            };
            for tag in tags(text) {
                let tag = tag.trim_matches(|c: char| c == '-' || c.is_whitespace());
                if ["extends", "include", "import"].iter().any(|k| tag.starts_with(k)) {
                    todo.extend(quoted(tag).map(str::to_string));
                }
                for (word, attribute) in variables(tag) {
                    match named.names.get_mut(word) {
                        Some(used) => used.join(attribute),
                        None => {
                            let used = match attribute {
                                Some(a) => Use::Attributes(HashSet::from([a.to_string()])),
                                None => Use::Whole,
                            };
                            named.names.insert(word.to_string(), used);
                        }
                    }
                }
            }
        }
        named.all = named.names.contains_key("__tera_context");
        named
    }

    /// Every field wanted (for a page whose templates are not known).
    pub fn everything() -> TemplateNames {
        TemplateNames {
            all: true,
            ..TemplateNames::default()
        }
    }

    /// Whether some template may read the variable `name`.
    pub fn wants(&self, name: &str) -> bool {
        self.all || self.names.contains_key(name)
    }

    /// The attributes of `name` the templates read, when they read it only
    /// through attributes; `None` when they may read all of it.
    fn attributes(&self, name: &str) -> Option<&HashSet<String>> {
        match self.names.get(name) {
            Some(Use::Attributes(attrs)) if !self.all => Some(attrs),
            _ => None,
        }
    }
}

/// The [`TemplateNames`] of every template of a theme.
#[derive(Clone, Debug)]
pub struct ThemeNames {
    by_template: std::collections::HashMap<String, TemplateNames>,
    everything: TemplateNames,
}

impl ThemeNames {
    /// The names of every template of `theme`.
    pub fn of_theme(theme: &Theme) -> ThemeNames {
        ThemeNames {
            by_template: theme
                .templates
                .keys()
                .map(|name| (name.clone(), TemplateNames::for_template(theme, name)))
                .collect(),
            everything: TemplateNames::everything(),
        }
    }

    /// What the page template `template` may read (everything, for a
    /// template the theme does not have: rendering it reports that).
    pub fn of(&self, template: &str) -> &TemplateNames {
        self.by_template.get(template).unwrap_or(&self.everything)
    }
}

/// The insides of the expression and statement tags of a template
/// (comments are skipped: what they name is never read).
fn tags(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find('{')?;
            let close = match rest.as_bytes().get(start + 1) {
                Some(b'{') => "}}",
                Some(b'%') => "%}",
                Some(b'#') => "#}",
                _ => {
                    rest = &rest[start + 1..];
                    continue;
                }
            };
            let body = &rest[start + 2..];
            let end = body.find(close).unwrap_or(body.len());
            rest = &body[(end + close.len()).min(body.len())..];
            if close != "#}" {
                return Some(&body[..end]);
            }
        }
    })
}

/// The string literals of a tag (the templates an `include` names).
fn quoted(tag: &str) -> impl Iterator<Item = &str> {
    tag.split(['"', '\'', '`']).skip(1).step_by(2)
}

/// The identifiers of a tag that may be variables, outside its string
/// literals: not an attribute (`.x`), a filter (`| x`), a function or
/// macro (`x(`, `m::x`) or an argument's name (`x=`). Anything else counts,
/// so a name is kept whenever it might be read. Each comes with the
/// attribute read from it (`plan.goals` gives `goals`), or `None` when it is
/// used as a whole.
fn variables(tag: &str) -> Vec<(&str, Option<&str>)> {
    let mut words = Vec::new();
    let bytes = tag.as_bytes();
    // The last character before the current one that is not a space.
    let mut before = b' ';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'"' | b'\'' | b'`') {
            i += 1;
            while i < bytes.len() && bytes[i] != b {
                i += 1;
            }
            i += 1;
            before = b'"';
        } else if b.is_ascii_alphabetic() || b == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let next = tag[i..].trim_start().as_bytes();
            let call = next.first() == Some(&b'(');
            let argument = next.first() == Some(&b'=') && next.get(1) != Some(&b'=');
            if !matches!(before, b'.' | b'|' | b':') && !call && !argument {
                // `name.attr`, with no space around the dot (as Tera reads it).
                let attribute = tag[i..].strip_prefix('.').and_then(|rest| {
                    let len = rest
                        .bytes()
                        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                        .count();
                    (len > 0 && !rest.as_bytes()[0].is_ascii_digit()).then(|| &rest[..len])
                });
                words.push((&tag[start..i], attribute));
            }
            before = b'a';
        } else {
            if !b.is_ascii_whitespace() {
                before = b;
            }
            i += 1;
        }
    }
    words
}

/// Inserts the fields of the view struct `view` that `named` wants into
/// `ctx`, each under its own name (as `Context::from_serialize` would, for
/// those fields; a field read only through attributes with only those).
pub fn insert_fields<T: Serialize>(ctx: &mut Context, view: &T, named: &TemplateNames) {
    // A view struct always serialises as a struct; anything else inserts nothing.
    if let Ok(fields) = view.serialize(Pick(Keep::Fields(named))) {
        extend(ctx, fields);
    }
}

/// Inserts `value` as the variable `key`, moved rather than copied (Tera's
/// `insert` would serialise it again).
pub fn insert_value(ctx: &mut Context, key: &str, value: serde_json::Value) {
    extend(
        ctx,
        serde_json::Value::Object(serde_json::Map::from_iter([(key.to_string(), value)])),
    );
}

/// Adds the members of the object `fields` to `ctx`, moved.
fn extend(ctx: &mut Context, fields: serde_json::Value) {
    if let Ok(fields) = Context::from_value(fields) {
        ctx.extend(fields);
    }
}

/// Which fields of a struct to keep.
#[derive(Clone, Copy)]
enum Keep<'a> {
    /// The fields the templates name, each whole or by its attributes.
    Fields(&'a TemplateNames),
    /// These fields, whole.
    Only(&'a HashSet<String>),
}

/// A serializer that keeps some fields of a struct (or of an optional
/// struct) as a JSON object; it refuses anything else.
struct Pick<'a>(Keep<'a>);

/// The fields of a struct [`Pick`] keeps, as it collects them.
struct PickFields<'a> {
    keep: Keep<'a>,
    object: serde_json::Map<String, serde_json::Value>,
}

impl ser::SerializeStruct for PickFields<'_> {
    type Ok = serde_json::Value;
    type Error = NotAStruct;

    fn serialize_field<V: Serialize + ?Sized>(&mut self, key: &'static str, value: &V) -> Result<(), NotAStruct> {
        let whole = || serde_json::to_value(value).map_err(|_| NotAStruct);
        let kept = match self.keep {
            Keep::Only(attrs) if attrs.contains(key) => Some(whole()?),
            Keep::Only(_) => None,
            Keep::Fields(named) if !named.wants(key) => None,
            // Read only through some attributes: only those when the value is
            // a struct (or an optional one), anything else whole.
            Keep::Fields(named) => match named.attributes(key) {
                Some(attrs) => Some(value.serialize(Pick(Keep::Only(attrs))).or_else(|_| whole())?),
                None => Some(whole()?),
            },
        };
        if let Some(kept) = kept {
            self.object.insert(key.to_string(), kept);
        }
        Ok(())
    }

    fn end(self) -> Result<serde_json::Value, NotAStruct> {
        Ok(serde_json::Value::Object(self.object))
    }
}

/// Only a struct (or an optional struct) can be picked apart.
#[derive(Debug)]
struct NotAStruct;

impl std::fmt::Display for NotAStruct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a page's view must be a struct")
    }
}

impl std::error::Error for NotAStruct {}

impl ser::Error for NotAStruct {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        NotAStruct
    }
}

/// Refuses a shape, in [`Pick`].
macro_rules! not_a_struct {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {$(
        fn $name(self, $(_: $arg),*) -> Result<serde_json::Value, NotAStruct> {
            Err(NotAStruct)
        }
    )*};
}

impl<'a> ser::Serializer for Pick<'a> {
    type Ok = serde_json::Value;
    type Error = NotAStruct;
    type SerializeSeq = Impossible<serde_json::Value, NotAStruct>;
    type SerializeTuple = Impossible<serde_json::Value, NotAStruct>;
    type SerializeTupleStruct = Impossible<serde_json::Value, NotAStruct>;
    type SerializeTupleVariant = Impossible<serde_json::Value, NotAStruct>;
    type SerializeMap = Impossible<serde_json::Value, NotAStruct>;
    type SerializeStruct = PickFields<'a>;
    type SerializeStructVariant = Impossible<serde_json::Value, NotAStruct>;

    not_a_struct!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    /// An absent optional value is `null`, as it would be whole.
    fn serialize_none(self) -> Result<serde_json::Value, NotAStruct> {
        Ok(serde_json::Value::Null)
    }

    fn serialize_some<V: Serialize + ?Sized>(self, value: &V) -> Result<serde_json::Value, NotAStruct> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &V,
    ) -> Result<serde_json::Value, NotAStruct> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<serde_json::Value, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotAStruct> {
        Ok(PickFields {
            keep: self.0,
            object: serde_json::Map::new(),
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAStruct> {
        Err(NotAStruct)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(templates: &[(&str, &str)]) -> TemplateNames {
        let mut theme = Theme::builtin();
        theme.templates.clear();
        for (name, text) in templates {
            theme.templates.insert(name.to_string(), text.to_string());
        }
        TemplateNames::for_template(&theme, templates[0].0)
    }

    #[test]
    fn names_come_from_tags_only() {
        let n = named(&[(
            "plan.html",
            "<p>plan money</p>{# account #}{{ sections.goals | safe }}\
             {% for o in plan.opportunities %}{{ o.name ~ \"currency\" }}{% endfor %}{%- if badges -%}x{% endif %}\
             {{ m::score(value=toc) }}{{ x | money(currency=y) }}",
        )]);
        for wanted in ["sections", "plan", "o", "badges", "toc", "x", "y"] {
            assert!(n.wants(wanted), "{wanted}");
        }
        // Words of the HTML, of a comment or of a string literal, attributes,
        // filters, macros and argument names are not variables.
        for unread in [
            "money",
            "account",
            "currency",
            "p",
            "opportunities",
            "goals",
            "safe",
            "score",
            "value",
        ] {
            assert!(!n.wants(unread), "{unread}");
        }
    }

    #[test]
    fn names_follow_extends_include_and_import() {
        let n = named(&[
            (
                "plan.html",
                "{% extends \"base.html\" %}{% block main %}{% include \"plan/goals.html\" %}{% endblock %}",
            ),
            ("base.html", "{{ site.title }}{% block main %}{% endblock %}"),
            (
                "plan/goals.html",
                "{%- import 'macros.html' as m -%}{{ plan.goals | length }}",
            ),
            ("macros.html", "{% macro x(a) %}{{ a }}{{ money }}{% endmacro %}"),
            ("team.html", "{{ member.name }}"),
        ]);
        for wanted in ["site", "plan", "money"] {
            assert!(n.wants(wanted), "{wanted}");
        }
        // Another page's template is not this page's.
        assert!(!n.wants("member"));
    }

    #[test]
    fn the_whole_context_wants_everything() {
        let n = named(&[("x.html", "{{ __tera_context }}")]);
        assert!(n.wants("anything"));
        assert!(TemplateNames::everything().wants("plan"));
    }

    #[derive(serde::Serialize)]
    struct View {
        plan: Vec<u32>,
        money: &'static str,
        sections: Option<String>,
    }

    #[derive(serde::Serialize)]
    struct Inner {
        goals: Vec<u32>,
        name: &'static str,
        big: Vec<&'static str>,
    }

    #[derive(serde::Serialize)]
    struct Page {
        plan: Inner,
        other: Option<Inner>,
        none: Option<Inner>,
        list: Vec<Inner>,
    }

    #[test]
    fn a_value_read_through_attributes_gets_only_those() {
        let inner = || Inner {
            goals: vec![1],
            name: "Deepwell",
            big: vec!["x"; 3],
        };
        let page = Page {
            plan: inner(),
            other: Some(inner()),
            none: None,
            list: vec![inner()],
        };
        let mut ctx = Context::new();
        let n = named(&[(
            "t.html",
            "{% for g in plan.goals %}{{ g }}{% endfor %}{{ plan.name | upper }}{{ other.name }}\
             {{ none.name }}{{ list.0.name }}",
        )]);
        insert_fields(&mut ctx, &page, &n);
        assert_eq!(
            ctx.get("plan"),
            Some(&serde_json::json!({"goals": [1], "name": "Deepwell"}))
        );
        assert_eq!(ctx.get("other"), Some(&serde_json::json!({"name": "Deepwell"})));
        assert_eq!(ctx.get("none"), Some(&serde_json::Value::Null));
        // A list is not a struct: it goes whole.
        assert_eq!(
            ctx.get("list"),
            Some(&serde_json::json!([{"goals": [1], "name": "Deepwell", "big": ["x", "x", "x"]}]))
        );
        // Read whole anywhere (`plan | length`, `plan[...]`), it goes whole.
        for whole in [
            "{{ plan | length }}",
            "{{ plan[\"name\"] }}",
            "{% set p = plan %}{{ p.name }}",
        ] {
            let n = named(&[("t.html", &format!("{{{{ plan.name }}}}{whole}"))]);
            let mut ctx = Context::new();
            insert_fields(&mut ctx, &page, &n);
            let plan = ctx.get("plan").expect("plan");
            assert!(plan.get("big").is_some(), "{whole}: {plan}");
        }
    }

    #[test]
    fn only_named_fields_reach_the_context() {
        let view = View {
            plan: vec![1, 2],
            money: "£1",
            sections: None,
        };
        let mut ctx = Context::new();
        insert_fields(
            &mut ctx,
            &view,
            &named(&[("t.html", "{{ plan | length }}{{ sections }}")]),
        );
        assert_eq!(ctx.get("plan"), Some(&serde_json::json!([1, 2])));
        assert_eq!(ctx.get("sections"), Some(&serde_json::Value::Null));
        assert_eq!(ctx.get("money"), None);
        // Everything: as Context::from_serialize.
        let mut all = Context::new();
        insert_fields(&mut all, &view, &TemplateNames::everything());
        assert_eq!(
            all.into_json(),
            Context::from_serialize(&view).expect("a struct").into_json()
        );
    }

    #[test]
    fn unclosed_tags_do_not_hide_names() {
        let n = named(&[("t.html", "{{ plan.name }} {% if money")]);
        assert!(n.wants("plan") && n.wants("money"));
        let n = named(&[("t.html", "{{ a == b }}{{ c.d(e) }}")]);
        assert!(n.wants("a") && n.wants("b") && n.wants("c") && n.wants("e"));
    }
}
