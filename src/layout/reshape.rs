//! (lands with the layout work)
