//! The kinds of node and edge of the graph contract.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Role;

/// The kinds of node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Show,
    Episode,
    Topic,
    Pep,
    Person,
    Module,
    Release,
    Issue,
    Cve,
    Project,
}

impl NodeKind {
    pub const ALL: [NodeKind; 10] = [
        NodeKind::Show,
        NodeKind::Episode,
        NodeKind::Topic,
        NodeKind::Pep,
        NodeKind::Person,
        NodeKind::Module,
        NodeKind::Release,
        NodeKind::Issue,
        NodeKind::Cve,
        NodeKind::Project,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Show => "show",
            NodeKind::Episode => "episode",
            NodeKind::Topic => "topic",
            NodeKind::Pep => "pep",
            NodeKind::Person => "person",
            NodeKind::Module => "module",
            NodeKind::Release => "release",
            NodeKind::Issue => "issue",
            NodeKind::Cve => "cve",
            NodeKind::Project => "project",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_lowercase();
        let name = name
            .strip_suffix('s')
            .filter(|n| *n != "cve" && !n.is_empty())
            .unwrap_or(&name);
        NodeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == name || (name == "cve" && *k == NodeKind::Cve))
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    PartOf,
    Host,
    Guest,
    Mentions,
    Discusses,
    SubtopicOf,
    About,
    Authored,
}

impl EdgeKind {
    pub const ALL: [EdgeKind; 8] = [
        EdgeKind::PartOf,
        EdgeKind::Host,
        EdgeKind::Guest,
        EdgeKind::Mentions,
        EdgeKind::Discusses,
        EdgeKind::SubtopicOf,
        EdgeKind::About,
        EdgeKind::Authored,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::PartOf => "part_of",
            EdgeKind::Host => "host",
            EdgeKind::Guest => "guest",
            EdgeKind::Mentions => "mentions",
            EdgeKind::Discusses => "discusses",
            EdgeKind::SubtopicOf => "subtopic_of",
            EdgeKind::About => "about",
            EdgeKind::Authored => "authored",
        }
    }

    /// Edges from an episode, which carry evidence.
    pub fn is_episode_edge(self) -> bool {
        matches!(
            self,
            EdgeKind::Host | EdgeKind::Guest | EdgeKind::Mentions | EdgeKind::Discusses
        )
    }

    /// The edge from an episode to a person with this role.
    pub fn from_role(role: Role) -> Self {
        match role {
            Role::Host => EdgeKind::Host,
            Role::Guest => EdgeKind::Guest,
            Role::Mentions => EdgeKind::Mentions,
        }
    }
}

impl fmt::Display for EdgeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
