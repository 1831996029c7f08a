//! Cataloger stub: not implemented yet.

use crate::inventory::{Catalog, ParseError, Source};

pub fn parse(_source: &Source) -> Result<Catalog, ParseError> {
    Err(ParseError::new(0, 0, "this format is not supported yet"))
}
