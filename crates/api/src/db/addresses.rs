//! The address register of a town: streets, civic addresses, and the register's outline.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Double, Int8, Jsonb, Nullable, Text, Timestamptz};

/// A street about to be imported, with the middle of its addresses.
pub struct NewStreet {
    pub name: String,
    pub key: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// An address about to be imported (`street` indexes the streets given with it).
pub struct NewAddress {
    pub street: usize,
    pub civic: String,
    pub postal_code: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    pub cell: i64,
}

/// An address (or a street, without civic number) as searches find it.
#[derive(QueryableByName, Debug, Clone)]
pub struct Hit {
    #[diesel(sql_type = Nullable<Text>)]
    pub civic_number: Option<String>,
    #[diesel(sql_type = Text)]
    pub street: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub postal_code: Option<String>,
    #[diesel(sql_type = Double)]
    pub latitude: f64,
    #[diesel(sql_type = Double)]
    pub longitude: f64,
}

#[derive(QueryableByName, Debug, Clone)]
pub struct Register {
    #[diesel(sql_type = Jsonb)]
    pub outline: serde_json::Value,
    #[diesel(sql_type = BigInt)]
    pub addresses: i64,
    #[diesel(sql_type = BigInt)]
    pub streets: i64,
    #[diesel(sql_type = Timestamptz)]
    pub imported_at: DateTime<Utc>,
}

#[derive(QueryableByName)]
struct StreetId {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    search_key: String,
}

/// Rows per statement of the import.
const CHUNK: usize = 20_000;

/// Replaces the town's register (inside the caller's transaction).
pub fn replace(
    conn: &mut PgConnection,
    town: i64,
    streets: &[NewStreet],
    addresses: &[NewAddress],
    outline: serde_json::Value,
) -> QueryResult<()> {
    diesel::sql_query("DELETE FROM addresses WHERE municipality_id = $1").bind::<BigInt, _>(town).execute(conn)?;
    diesel::sql_query("DELETE FROM address_streets WHERE municipality_id = $1")
        .bind::<BigInt, _>(town)
        .execute(conn)?;
    let rows: Vec<StreetId> = diesel::sql_query(
        "INSERT INTO address_streets (municipality_id, name, search_key, latitude, longitude)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::float8[], $5::float8[])
         RETURNING id, search_key",
    )
    .bind::<BigInt, _>(town)
    .bind::<Array<Text>, _>(streets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(streets.iter().map(|s| s.key.as_str()).collect::<Vec<_>>())
    .bind::<Array<Double>, _>(streets.iter().map(|s| s.latitude).collect::<Vec<_>>())
    .bind::<Array<Double>, _>(streets.iter().map(|s| s.longitude).collect::<Vec<_>>())
    .load(conn)?;
    let by_key: std::collections::HashMap<&str, i64> = rows.iter().map(|r| (r.search_key.as_str(), r.id)).collect();
    let ids: Vec<i64> = streets.iter().map(|s| by_key.get(s.key.as_str()).copied().unwrap_or(0)).collect();
    for part in addresses.chunks(CHUNK) {
        diesel::sql_query(
            "INSERT INTO addresses (municipality_id, street_id, civic_number, civic_key, postal_code, latitude, longitude, cell)
             SELECT $1, s, c, lower(c), p, la, lo, ce
               FROM unnest($2::int8[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::int8[]) AS a(s, c, p, la, lo, ce)",
        )
        .bind::<BigInt, _>(town)
        .bind::<Array<Int8>, _>(part.iter().map(|a| ids.get(a.street).copied().unwrap_or(0)).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(part.iter().map(|a| a.civic.as_str()).collect::<Vec<_>>())
        .bind::<Array<Nullable<Text>>, _>(part.iter().map(|a| a.postal_code.as_deref()).collect::<Vec<_>>())
        .bind::<Array<Double>, _>(part.iter().map(|a| a.latitude).collect::<Vec<_>>())
        .bind::<Array<Double>, _>(part.iter().map(|a| a.longitude).collect::<Vec<_>>())
        .bind::<Array<Int8>, _>(part.iter().map(|a| a.cell).collect::<Vec<_>>())
        .execute(conn)?;
    }
    diesel::sql_query(
        "INSERT INTO address_registers (municipality_id, outline, addresses, streets) VALUES ($1, $2, $3, $4)
         ON CONFLICT (municipality_id) DO UPDATE
            SET outline = EXCLUDED.outline, addresses = EXCLUDED.addresses, streets = EXCLUDED.streets, imported_at = now()",
    )
    .bind::<BigInt, _>(town)
    .bind::<Jsonb, _>(outline)
    .bind::<BigInt, _>(i64::try_from(addresses.len()).unwrap_or(i64::MAX))
    .bind::<BigInt, _>(i64::try_from(streets.len()).unwrap_or(i64::MAX))
    .execute(conn)?;
    Ok(())
}

pub fn register(conn: &mut PgConnection, town: i64) -> QueryResult<Option<Register>> {
    diesel::sql_query(
        "SELECT outline, addresses, streets, imported_at FROM address_registers WHERE municipality_id = $1",
    )
    .bind::<BigInt, _>(town)
    .get_result(conn)
    .optional()
}

/// `LIKE` patterns: each word begins a word of the street's key.
fn patterns(words: &[String]) -> Vec<String> {
    words.iter().map(|w| format!("% {w}%")).collect()
}

/// Streets whose key has a word beginning with each of `words`; those whose key begins
/// with the words as typed first, then the shortest names.
pub fn streets(conn: &mut PgConnection, town: i64, words: &[String], limit: i64) -> QueryResult<Vec<Hit>> {
    diesel::sql_query(
        "SELECT NULL::text AS civic_number, name AS street, NULL::text AS postal_code, latitude, longitude
           FROM address_streets
          WHERE municipality_id = $1 AND (' ' || search_key) LIKE ALL ($2)
          ORDER BY search_key LIKE $3 DESC, length(name), name LIMIT $4",
    )
    .bind::<BigInt, _>(town)
    .bind::<Array<Text>, _>(patterns(words))
    .bind::<Text, _>(format!("{}%", words.join(" ")))
    .bind::<BigInt, _>(limit)
    .load(conn)
}

/// Addresses with this civic number (a prefix of it when `words` narrow the streets).
pub fn civic(conn: &mut PgConnection, town: i64, civic: &str, words: &[String], limit: i64) -> QueryResult<Vec<Hit>> {
    let select = "SELECT a.civic_number, s.name AS street, a.postal_code, a.latitude, a.longitude
                    FROM addresses a JOIN address_streets s ON s.id = a.street_id";
    if words.is_empty() {
        return diesel::sql_query(format!(
            "{select} WHERE a.municipality_id = $1 AND a.civic_key = $2 ORDER BY s.name LIMIT $3"
        ))
        .bind::<BigInt, _>(town)
        .bind::<Text, _>(civic)
        .bind::<BigInt, _>(limit)
        .load(conn);
    }
    diesel::sql_query(format!(
        "WITH st AS (SELECT id FROM address_streets
                      WHERE municipality_id = $1 AND (' ' || search_key) LIKE ALL ($3) LIMIT 200)
         {select} JOIN st ON st.id = a.street_id
          WHERE a.civic_key LIKE $2 || '%'
          ORDER BY a.civic_key = $2 DESC, s.search_key LIKE $4 DESC, length(a.civic_key), a.civic_key, s.name
          LIMIT $5"
    ))
    .bind::<BigInt, _>(town)
    .bind::<Text, _>(civic)
    .bind::<Array<Text>, _>(patterns(words))
    .bind::<Text, _>(format!("{}%", words.join(" ")))
    .bind::<BigInt, _>(limit)
    .load(conn)
}

/// The address nearest a point among those of the given cells.
pub fn nearest(conn: &mut PgConnection, town: i64, lat: f64, lng: f64, cells: &[i64]) -> QueryResult<Option<Hit>> {
    diesel::sql_query(
        "SELECT a.civic_number, s.name AS street, a.postal_code, a.latitude, a.longitude
           FROM addresses a JOIN address_streets s ON s.id = a.street_id
          WHERE a.municipality_id = $1 AND a.cell = ANY ($2)
          ORDER BY power(a.latitude - $3, 2) + power((a.longitude - $4) * cos(radians($3)), 2), a.id
          LIMIT 1",
    )
    .bind::<BigInt, _>(town)
    .bind::<Array<Int8>, _>(cells)
    .bind::<Double, _>(lat)
    .bind::<Double, _>(lng)
    .get_result(conn)
    .optional()
}

/// Up to `limit` of the town's addresses, spread over the register (the generator places
/// synthetic requests on them); none without a register.
pub fn sample(conn: &mut PgConnection, town: i64, limit: i64) -> QueryResult<Vec<Hit>> {
    diesel::sql_query(
        "SELECT a.civic_number, s.name AS street, a.postal_code, a.latitude, a.longitude
           FROM addresses a JOIN address_streets s ON s.id = a.street_id
          WHERE a.municipality_id = $1
          ORDER BY md5(a.id::text) LIMIT $2",
    )
    .bind::<BigInt, _>(town)
    .bind::<BigInt, _>(limit)
    .load(conn)
}
