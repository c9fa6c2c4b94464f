//! The sample article: every country, the date, the numbers, the agency and the president.

use matn::entities::{EntityKind, Layer, Recognizer, recognize};

const SAMPLE: &str = include_str!("../seeds/fa-pezeshkian-kazakhstan-turkmenistan.txt");

fn count(text: &str, needle: &str) -> usize {
    // Occurrences of `needle` as a whole word (the article has no ZWNJ in these names).
    text.match_indices(needle)
        .filter(|(b, _)| matn::entities::at_word_boundary(text, &(*b..b + needle.len())))
        .count()
}

#[test]
fn every_country_mention_is_a_location() {
    let ents = Recognizer::new().recognize(SAMPLE, Some("fa"));
    for (name, key) in [
        ("قزاقستان", "country:KZ"),
        ("ترکمنستان", "country:TM"),
        ("روسیه", "country:RU"),
        ("پاکستان", "country:PK"),
        ("عراق", "country:IQ"),
        ("میانمار", "country:MM"),
        ("ازبکستان", "country:UZ"),
        ("قرقیزستان", "country:KG"),
        ("تاجیکستان", "country:TJ"),
    ] {
        let found: Vec<_> = ents.iter().filter(|e| e.text == name).collect();
        assert_eq!(found.len(), count(SAMPLE, name), "{name}");
        assert!(
            found
                .iter()
                .all(|e| e.kind == EntityKind::Location && e.key == key)
        );
    }
    // ایران: alone, and inside the long form جمهوری اسلامی ایران (one LOC with the same key).
    let iran: Vec<_> = ents.iter().filter(|e| e.key == "country:IR").collect();
    assert!(iran.iter().any(|e| e.text == "ایران"));
    assert!(iran.iter().any(|e| e.text == "جمهوری اسلامی ایران"));
    // ایرانی and قزاقستانی are NORP, never LOC.
    for e in ents
        .iter()
        .filter(|e| e.text == "ایرانی" || e.text == "قزاقستانی")
    {
        assert_eq!(e.kind, EntityKind::Norp, "{}", e.text);
    }
    assert!(
        ents.iter()
            .any(|e| e.text == "ایرانی" && e.key == "norp:IR")
    );
}

#[test]
fn date_number_agency_person() {
    let ents = recognize(SAMPLE, None);
    let date = ents
        .iter()
        .find(|e| e.kind == EntityKind::Date)
        .expect("a date");
    assert_eq!(date.text, "جمعه 21 آذر 1404");
    assert_eq!(date.key, "date:2025-12-12");
    assert!(
        date.detail
            .as_deref()
            .unwrap()
            .starts_with("2025-12-12 (Friday)")
    );
    let nums: Vec<_> = ents
        .iter()
        .filter(|e| e.kind == EntityKind::Number)
        .collect();
    assert_eq!(nums.iter().filter(|e| e.text == "14").count(), 2);
    let ilna = ents.iter().find(|e| e.text == "ایلنا").expect("ایلنا");
    assert_eq!(ilna.kind, EntityKind::Organization);
    assert_eq!(ilna.source, Layer::Gazetteer);
    let per = ents
        .iter()
        .find(|e| e.text == "مسعود پزشکیان")
        .expect("مسعود پزشکیان as one entity");
    assert_eq!(per.kind, EntityKind::Person);
    assert_eq!(per.source, Layer::Tagger);
}

#[test]
fn entities_do_not_overlap_and_slice_the_text() {
    let ents = recognize(SAMPLE, Some("fa"));
    for w in ents.windows(2) {
        assert!(w[0].byte_range.end <= w[1].byte_range.start);
    }
    for e in &ents {
        assert_eq!(&SAMPLE[e.byte_range.clone()], e.text);
        assert!(matn::entities::at_word_boundary(SAMPLE, &e.byte_range));
    }
}
