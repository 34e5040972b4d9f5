//! `wire_enum!` gives an enum its wire string (`as_str`), `ALL`, `FromStr` and `Display`.

/// Implements `ALL`, `as_str`, `FromStr` and `Display` from a variant → string table that
/// must match the enum's serde names.
#[macro_export]
macro_rules! wire_enum {
    ($ty:ident { $($variant:ident => $s:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: [Self; [$(stringify!($variant)),+].len()] = [$(Self::$variant),+];

            /// The stored and wire form.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $s),+
                }
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($s => Ok(Self::$variant),)+
                    other => Err($crate::UnknownValue(other.to_string())),
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
