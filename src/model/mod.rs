//! The model every stage shares: node and edge kinds, node ids and slugs, and a person's role.
//!
//! Ingest, taxonomy, tag, graph, export and query all speak this vocabulary, so it lives below them
//! all and depends on none of them. A node id is always made here (`ids`), a kind is always an enum
//! (`NodeKind`, `EdgeKind`), and a person's part in an episode is always a `Role` merged by one rule
//! (`Role::best`).

pub mod ids;
mod kinds;
mod role;

pub use ids::slugify;
pub use kinds::{EdgeKind, NodeKind};
pub use role::Role;
