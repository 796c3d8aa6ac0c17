//! Closed sets of YAML keywords: the bottom layer that the model and the
//! diagnostics both name their enums with.

/// A closed set of YAML keywords (an enum written as kebab-case strings).
pub trait Keyword: Copy + Eq + 'static {
    /// Every value, in the order SPEC lists them.
    const ALL: &'static [Self];
    /// The keyword as written in YAML.
    fn as_str(self) -> &'static str;
    /// Parses the keyword, exactly as written.
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }
    /// All values as written, for hints and the JSON schema.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|k| k.as_str()).collect()
    }
}

/// Declares an enum of YAML keywords with its `Keyword` and `Serialize` impls.
#[macro_export]
macro_rules! keywords {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),* }
        impl $crate::keyword::Keyword for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),*];
            fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),* }
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::keyword::Keyword::as_str(*self))
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::keyword::Keyword::as_str(*self))
            }
        }
    };
}
