//! Annotation export/import: brat, JSONL, W3C Web Annotation, CoNLL.
