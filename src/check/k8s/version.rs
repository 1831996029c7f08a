//! Target Kubernetes versions (`--kube-version`).
//!
//! ci-sec supports 1.31 to 1.37 (the newest four minors and three before
//! them), the releases whose pod-security admission rules it knows. Version-specific rules are data (`since` minors in
//! each control's table), never `if version == …` branches, so adding a
//! release is adding rows.

use std::fmt;

/// A Kubernetes minor version (`1.minor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion {
    pub minor: u32,
}

impl KubeVersion {
    /// The oldest supported target.
    pub const OLDEST: KubeVersion = KubeVersion { minor: 31 };
    /// The newest supported target, the default (`latest`).
    pub const LATEST: KubeVersion = KubeVersion { minor: 37 };

    pub const fn new(minor: u32) -> KubeVersion {
        KubeVersion { minor }
    }

    /// Whether a rule introduced in `1.since` applies to this version.
    pub fn at_least(self, since: u32) -> bool {
        self.minor >= since
    }

    /// Every supported version, oldest first.
    pub fn supported() -> impl Iterator<Item = KubeVersion> {
        (Self::OLDEST.minor..=Self::LATEST.minor).map(KubeVersion::new)
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.minor)
    }
}

impl std::str::FromStr for KubeVersion {
    type Err = String;
    /// `latest`, `1.33`, `v1.33` or `1.33.2` (the patch is ignored).
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("latest") {
            return Ok(Self::LATEST);
        }
        let t = t.strip_prefix('v').unwrap_or(t);
        let mut parts = t.split('.');
        let supported = format!("supported: {}–{} or latest", Self::OLDEST, Self::LATEST);
        let (Some("1"), Some(minor)) = (parts.next(), parts.next()) else {
            return Err(format!("invalid Kubernetes version {s:?} ({supported})"));
        };
        let minor: u32 = minor.parse().map_err(|_| format!("invalid Kubernetes version {s:?} ({supported})"))?;
        let v = KubeVersion::new(minor);
        if v < Self::OLDEST || v > Self::LATEST {
            return Err(format!("Kubernetes {v} is not supported ({supported})"));
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_versions_parse_and_are_bounded() {
        assert_eq!("1.33".parse(), Ok(KubeVersion::new(33)));
        assert_eq!("v1.31.4".parse(), Ok(KubeVersion::new(31)));
        assert_eq!("latest".parse(), Ok(KubeVersion::LATEST));
        assert!("1.30".parse::<KubeVersion>().is_err());
        assert!("1.38".parse::<KubeVersion>().is_err());
        assert!("2.1".parse::<KubeVersion>().is_err());
        assert_eq!(KubeVersion::supported().count(), 7);
    }
}
