//! Position-keeping readers for the text formats lockfiles and manifests use.
//! Each keeps the line of what it reads, because every finding must point at
//! a line.

pub mod json;
pub mod json_stream;
pub mod lines;
pub mod yaml;
