//! The staff dashboard's entry: every page, the staff's and the portal's.
fn main() {
    civis_web::start_staff();
}
