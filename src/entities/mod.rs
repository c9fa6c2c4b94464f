//! Entity recognisers (DESIGN.md §5). Filled in by the entities issue.
