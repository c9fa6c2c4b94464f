//! Annotation model and anchoring (DESIGN.md §5). Filled in by the annotation issue.
