//! A person's part in an episode, and the one rule that merges two of them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A person's part in an episode. The order is the rule: a host outranks a guest, a guest a mention.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Named but not interviewed.
    #[default]
    Mentions,
    /// Interviewed on the episode.
    Guest,
    /// Hosts the episode.
    Host,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Host => "host",
            Role::Guest => "guest",
            Role::Mentions => "mentions",
        }
    }

    /// The role that wins when one person is found in two: the stronger one.
    pub fn best(self, other: Role) -> Role {
        self.max(other)
    }

    /// Merge `role` into the best role so far.
    pub fn merge(best: &mut Role, role: Role) {
        *best = best.best(role);
    }

    /// The role a feed's credit gives (`podcast:person role="..."`, JSON `role`): `host`, in any case, is
    /// a host; any other credit (guest, or a role the contract does not know) is a guest, since the feed
    /// names the person as taking part.
    pub fn from_credit(role: &str) -> Role {
        if role.trim().eq_ignore_ascii_case("host") {
            Role::Host
        } else {
            Role::Guest
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_role_wins_in_either_order() {
        for (a, b, best) in [
            (Role::Mentions, Role::Guest, Role::Guest),
            (Role::Guest, Role::Host, Role::Host),
            (Role::Mentions, Role::Host, Role::Host),
            (Role::Guest, Role::Guest, Role::Guest),
        ] {
            assert_eq!(a.best(b), best);
            assert_eq!(b.best(a), best);
        }
    }

    #[test]
    fn credits_are_hosts_or_guests() {
        for (text, role) in [
            ("host", Role::Host),
            ("Host", Role::Host),
            (" HOST ", Role::Host),
            ("guest", Role::Guest),
            ("Guest", Role::Guest),
            ("producer", Role::Guest),
        ] {
            assert_eq!(Role::from_credit(text), role, "{text}");
        }
    }
}
