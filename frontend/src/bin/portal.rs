//! The citizen portal's entry: the portal's pages only (the staff pages load their own).
fn main() {
    civis_web::start_portal();
}
