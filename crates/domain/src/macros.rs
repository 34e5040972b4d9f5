//! `wire_enum!` gives an enum its wire string (`as_str`), `ALL`, `FromStr` and `Display`,
//! and with the `diesel` feature reads and writes it as a `TEXT` column: a stored string
//! that names no variant is a deserialization error, never a default.

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

        $crate::__text_column!($ty);
    };
}

/// The `TEXT` column impls of a `wire_enum!` (with the `diesel` feature; nothing without).
#[cfg(feature = "diesel")]
#[doc(hidden)]
#[macro_export]
macro_rules! __text_column {
    ($ty:ident) => {
        impl ::diesel::deserialize::FromSql<::diesel::sql_types::Text, ::diesel::pg::Pg> for $ty {
            fn from_sql(value: ::diesel::pg::PgValue<'_>) -> ::diesel::deserialize::Result<Self> {
                let text = ::std::str::from_utf8(value.as_bytes())?;
                text.parse::<Self>().map_err(|e| format!("{} column holds {}", stringify!($ty), e).into())
            }
        }

        impl ::diesel::serialize::ToSql<::diesel::sql_types::Text, ::diesel::pg::Pg> for $ty {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, ::diesel::pg::Pg>,
            ) -> ::diesel::serialize::Result {
                <str as ::diesel::serialize::ToSql<::diesel::sql_types::Text, ::diesel::pg::Pg>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }
    };
}

#[cfg(not(feature = "diesel"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __text_column {
    ($ty:ident) => {};
}
