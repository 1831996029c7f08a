//! python catalogers.

pub mod requirements;
pub mod poetry_lock;
pub mod pipfile_lock;
pub mod uv_lock;

mod common;
mod pep508;
mod pyproject;
