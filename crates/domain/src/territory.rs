//! A town's territory, as far as Civis knows it: the convex outline of its civic
//! addresses with a margin (parks, lakes and roads at the edge of the last houses are
//! still the town's). Points are `(latitude, longitude)` in degrees.

use serde::{Deserialize, Serialize};

/// How far past the outline of its addresses a place still counts as the town's.
pub const MARGIN_M: f64 = 1_000.0;

const M_PER_DEG: f64 = 111_320.0;

/// A coordinate to the ten-millionth of a degree (about a centimetre), as Civis keeps and
/// compares places: a given `5e-324` would otherwise make PostgreSQL's arithmetic underflow.
pub fn snap(degrees: f64) -> f64 {
    (degrees * 1e7).round() / 1e7
}

/// The distance in metres between two close points (a local plane: good to a few
/// centimetres across a town).
pub fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let k = a.0.to_radians().cos();
    let (dy, dx) = ((a.0 - b.0) * M_PER_DEG, (a.1 - b.1) * M_PER_DEG * k);
    (dx * dx + dy * dy).sqrt()
}

/// The outline of a set of points (Andrew's monotone chain), counter-clockwise, without
/// repeating the first point. Fewer than three distinct points give what there is.
pub fn hull(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut p: Vec<(f64, f64)> = points.iter().copied().filter(|(a, b)| a.is_finite() && b.is_finite()).collect();
    // x = longitude, y = latitude.
    p.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
    p.dedup();
    if p.len() < 3 {
        return p;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| (a.1 - o.1) * (b.0 - o.0) - (a.0 - o.0) * (b.1 - o.1);
    let mut lower: Vec<(f64, f64)> = vec![];
    for &q in &p {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], q) <= 0.0 {
            lower.pop();
        }
        lower.push(q);
    }
    let mut upper: Vec<(f64, f64)> = vec![];
    for &q in p.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], q) <= 0.0 {
            upper.pop();
        }
        upper.push(q);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower
}

/// A town's outline, with what it answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outline(pub Vec<(f64, f64)>);

impl Outline {
    /// The middle of the outline's bounding box (where a map of the town opens).
    pub fn center(&self) -> Option<(f64, f64)> {
        let p = &self.0;
        if p.is_empty() {
            return None;
        }
        let (mut s, mut n, mut w, mut e) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(lat, lng) in p {
            (s, n, w, e) = (s.min(lat), n.max(lat), w.min(lng), e.max(lng));
        }
        Some(((s + n) / 2.0, (w + e) / 2.0))
    }

    /// Whether a place is inside the outline or within `margin_m` metres of it.
    pub fn contains(&self, at: (f64, f64), margin_m: f64) -> bool {
        let Some(origin) = self.center() else { return true };
        let k = origin.0.to_radians().cos();
        // Metres on a local plane around the town.
        let xy = |p: (f64, f64)| ((p.1 - origin.1) * M_PER_DEG * k, (p.0 - origin.0) * M_PER_DEG);
        let q = xy(at);
        let pts: Vec<(f64, f64)> = self.0.iter().map(|&p| xy(p)).collect();
        inside(&pts, q) || edges(&pts).any(|(a, b)| distance_to_segment(q, a, b) <= margin_m)
    }
}

fn edges(p: &[(f64, f64)]) -> impl Iterator<Item = ((f64, f64), (f64, f64))> + '_ {
    (0..p.len()).map(move |i| (p[i], p[(i + 1) % p.len()]))
}

/// Ray casting; a polygon of fewer than three points contains nothing.
fn inside(p: &[(f64, f64)], q: (f64, f64)) -> bool {
    if p.len() < 3 {
        return false;
    }
    let mut c = false;
    for (a, b) in edges(p) {
        if (a.1 > q.1) != (b.1 > q.1) && q.0 < (b.0 - a.0) * (q.1 - a.1) / (b.1 - a.1) + a.0 {
            c = !c;
        }
    }
    c
}

fn distance_to_segment(q: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (((q.0 - a.0) * dx + (q.1 - a.1) * dy) / len2).clamp(0.0, 1.0) };
    let (x, y) = (a.0 + t * dx - q.0, a.1 + t * dy - q.1);
    (x * x + y * y).sqrt()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_keeps_the_corners_only() {
        let mut pts = vec![(45.0, -74.0), (45.0, -73.9), (45.1, -73.9), (45.1, -74.0)];
        pts.extend((1..9).map(|i| (45.0 + f64::from(i) / 100.0, -73.95)));
        let h = hull(&pts);
        assert_eq!(h.len(), 4);
        assert!(pts[..4].iter().all(|p| h.contains(p)));
    }

    #[test]
    fn inside_near_and_far() {
        let o = Outline(hull(&[(45.0, -74.0), (45.0, -73.9), (45.1, -73.9), (45.1, -74.0)]));
        assert!(o.contains((45.05, -73.95), MARGIN_M));
        // 0.005° of latitude is about 557 m past the northern edge.
        assert!(o.contains((45.105, -73.95), MARGIN_M));
        assert!(!o.contains((45.12, -73.95), MARGIN_M));
        assert!(!o.contains((45.05, -73.85), MARGIN_M));
        // A single address: a circle of the margin around it.
        let one = Outline(hull(&[(45.0, -74.0)]));
        assert!(one.contains((45.005, -74.0), MARGIN_M));
        assert!(!one.contains((45.02, -74.0), MARGIN_M));
    }
}
