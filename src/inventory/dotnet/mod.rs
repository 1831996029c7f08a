//! dotnet catalogers.

pub mod packages_lock;
