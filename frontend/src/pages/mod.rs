//! The screens: `portal` for citizens and visitors, `staff` for town staff and agents.

pub mod password;
pub mod portal;
pub mod staff;
