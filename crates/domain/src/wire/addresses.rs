//! The address register: what the wizard's autocomplete and reverse lookup answer, and
//! what a town's territory looks like on a map.

use chrono::{DateTime, Utc};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// A point, in decimal degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LatLng {
    #[cfg_attr(feature = "openapi", schema(example = 45.8612))]
    pub lat: f64,
    #[cfg_attr(feature = "openapi", schema(example = -74.0531))]
    pub lng: f64,
}

/// An address of the register, or a whole street (no civic number; its point is the
/// middle of its addresses) while the citizen has not typed a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AddressHit {
    /// As people write it: `12, rue des Érables`, or the street alone.
    #[cfg_attr(feature = "openapi", schema(example = "12, rue des Érables"))]
    pub label: String,
    pub civic_number: Option<String>,
    pub street: String,
    pub postal_code: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    /// How far the asked point is (reverse lookup only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
}

/// Autocomplete: what the citizen has typed so far.
#[schema_rules]
#[derive(Debug, Clone, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
pub struct AddressQuery {
    /// Free text: `12 rue des erables`, `érab`, `12`. Accents and case do not matter.
    #[cfg_attr(feature = "openapi", param(example = "12 rue des erables"))]
    #[validate(length(max = 200, code = "length"))]
    pub q: String,
    /// At most this many hits (1–20, default 8).
    #[validate(range(min = 1, max = 20, code = "range"))]
    pub limit: Option<u8>,
}

/// Reverse lookup: the address nearest a point.
#[schema_rules]
#[derive(Debug, Clone, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
pub struct NearestQuery {
    #[validate(range(min = -90.0, max = 90.0, code = "range"))]
    pub lat: f64,
    #[validate(range(min = -180.0, max = 180.0, code = "range"))]
    pub lng: f64,
}

/// What a map of the town shows and checks: the outline of its addresses (with a margin
/// of `margin_m`, places past it are refused), where to open the map, the radius of the
/// duplicate check, and the register's size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Territory {
    /// Empty while the town has no register (then no place is refused).
    pub outline: Vec<LatLng>,
    pub center: Option<LatLng>,
    pub margin_m: f64,
    pub duplicate_radius_m: i32,
    pub addresses: i64,
    pub streets: i64,
    pub imported_at: Option<DateTime<Utc>>,
}

impl Territory {
    /// The outline as the domain's territory reads it.
    pub fn shape(&self) -> crate::territory::Outline {
        crate::territory::Outline(self.outline.iter().map(|p| (p.lat, p.lng)).collect())
    }

    /// Whether a place is the town's (always, without a register).
    pub fn contains(&self, lat: f64, lng: f64) -> bool {
        self.outline.is_empty() || self.shape().contains((lat, lng), self.margin_m)
    }
}

/// The answer to an import: the register now holds these.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisterImported {
    pub addresses: i64,
    pub streets: i64,
}
