//! Each outbox row is read back as its kind's typed payload before it is sent.

use diesel::prelude::*;

use crate::notifications::{TP, mailed};

/// A row whose payload lacks a field its kind needs (a field renamed by one version and
/// read by another) fails at once with the reason, rather than sending a blank email.
#[actix_web::test]
async fn a_payload_missing_a_field_fails_the_email_instead_of_sending_it_blank() {
    let m = mailed(5).await;
    m.app.file(&m.demo, None, m.body("Nid-de-poule", "payload@example.com", "fr")).await;
    let mut conn = m.app.conn();
    diesel::sql_query("UPDATE outbox SET payload = payload - 'number' WHERE kind = 'receipt'")
        .execute(&mut conn)
        .expect("drop the number");
    m.deliver().await;
    assert!(m.smtp.to("payload@example.com").is_empty(), "no receipt without its number");
    #[derive(QueryableByName)]
    struct Failed {
        #[diesel(sql_type = diesel::sql_types::Text)]
        status: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        last_error: String,
    }
    let row: Failed =
        diesel::sql_query("SELECT status, coalesce(last_error, '') AS last_error FROM outbox WHERE kind = 'receipt'")
            .get_result(&mut conn)
            .expect("receipt row");
    assert_eq!(row.status, "failed", "a permanent failure, not retried");
    assert!(row.last_error.contains("number"), "{}", row.last_error);
    assert_eq!(m.smtp.to(TP).len(), 1, "the department's email, whole, still goes");
}
