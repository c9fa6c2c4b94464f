//! Entity recognisers (DESIGN.md §5): a normalised view with an offset map, rules, gazetteers, a
//! statistical tagger, and the user's annotations on top.

pub mod normalize;
