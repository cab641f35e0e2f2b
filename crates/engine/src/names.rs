//! People's and bodies' names as news writes them: runs of capitalised words, the titles
//! and roles that precede a name ("German Chancellor", "US Secretary of State"), and first
//! names that are variants of one another (Jim / James, Mohammed / Muhammad).

use std::ops::Range;

use crate::score::word_similarity;

/// Words that open a sentence or a clause capitalised without being names.
#[rustfmt::skip]
pub const NOT_NAMES: &[&str] = &[
    "The", "A", "An", "But", "And", "In", "On", "At", "He", "She", "They", "It", "We", "I",
    "This", "That", "Those", "These", "As", "If", "When", "While", "After", "Before", "Still",
    "Yet", "So", "Then", "There", "Here", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.",
    "His", "Her", "Their", "Our", "Its", "Both", "Under", "For", "From", "Last", "Next", "Since",
    "However", "Meanwhile", "Although", "Though", "Also", "According", "Even", "Many", "Some",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Why", "What", "Who", "How", "Where", "Asked", "Speaking",
];

/// Titles, roles and descriptors that precede a name and are not part of it ("German
/// Chancellor Olaf Scholz" → "Olaf Scholz"). Our own list of the titles news agencies'
/// style guides name, plus the nationality and institution words that stand before them.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "rev", "president", "vice",
    "prime", "minister", "chancellor", "secretary", "foreign", "defence", "defense", "state",
    "interior", "finance", "deputy", "assistant", "senior", "general", "gen", "lt", "col",
    "colonel", "major", "captain", "admiral", "sergeant", "senator", "sen", "rep",
    "representative", "congressman", "congresswoman", "governor", "gov", "mayor", "judge",
    "justice", "chief", "executive", "ceo", "chairman", "chairwoman", "chair", "director",
    "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "king", "queen",
    "prince", "princess", "pope", "speaker", "leader", "house", "white", "national", "security",
    "adviser", "advisor", "former", "then", "acting", "us", "u.s", "uk", "eu", "un", "attorney",
    "professor", "prof", "coach", "commissioner", "officer", "official", "economy", "trade",
    "health", "department", "ministry", "top", "diplomat", "supreme", "leader", "premier",
    "german", "french", "british", "american", "chinese", "russian", "ukrainian", "israeli",
    "palestinian", "iranian", "indian", "japanese", "turkish", "italian", "spanish", "polish",
    "canadian", "australian", "european", "taiwanese", "korean", "north", "south", "saudi",
    "egyptian", "syrian", "democratic", "republican", "labour", "conservative", "party",
];

/// First names and their common English variants and diminutives (a short list from
/// Wikipedia's "List of English-language hypocorisms" and the Arabic transliterations in
/// its "Muhammad (name)" article): a name pair here counts as one person's first name.
#[rustfmt::skip]
const FIRST_NAME_VARIANTS: &[&[&str]] = &[
    &["james", "jim", "jimmy", "jamie"],
    &["william", "bill", "billy", "will", "willie"],
    &["robert", "bob", "bobby", "rob", "robbie", "bert"],
    &["richard", "dick", "rick", "rich", "richie"],
    &["michael", "mike", "mick", "mickey"],
    &["joseph", "joe", "joey"],
    &["thomas", "tom", "tommy"],
    &["charles", "charlie", "chuck"],
    &["edward", "ed", "eddie", "ted", "ned"],
    &["anthony", "antony", "tony"],
    &["john", "jack", "johnny", "jon"],
    &["jacob", "jake"],
    &["daniel", "dan", "danny"],
    &["david", "dave"],
    &["steven", "stephen", "steve"],
    &["benjamin", "ben", "benny"],
    &["alexander", "alex", "sasha", "aleksandr"],
    &["elizabeth", "liz", "beth", "betty", "eliza"],
    &["katherine", "catherine", "kathryn", "kate", "kathy", "cathy"],
    &["margaret", "maggie", "peggy", "meg"],
    &["patricia", "pat", "patty", "tricia"],
    &["jennifer", "jenny", "jen"],
    &["christopher", "chris"],
    &["nicholas", "nick", "nicolas"],
    &["matthew", "matt"],
    &["andrew", "andy", "drew"],
    &["samuel", "sam"],
    &["volodymyr", "vladimir"],
    &["mohammed", "muhammad", "mohammad", "mohamed", "muhammed", "mohamad"],
    &["sergei", "sergey"],
    &["yevgeny", "evgeny", "yevgeniy"],
];

/// The lower-cased key of a name word (possessive and trailing dots dropped).
pub fn key(word: &str) -> String {
    word.trim_end_matches(['.', ','])
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .to_lowercase()
}

pub fn is_title(word: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    let set = SET.get_or_init(|| TITLES.iter().copied().collect());
    let w = word
        .trim_end_matches(['.', ','])
        .trim_end_matches("'s")
        .trim_end_matches("’s");
    // Short ASCII words are lower-cased on the stack: this runs for every capitalised word.
    let mut buf = [0u8; 16];
    if w.is_ascii() && w.len() <= buf.len() {
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        return std::str::from_utf8(b).is_ok_and(|l| set.contains(l));
    }
    set.contains(key(w).as_str())
}

pub fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether two first names name the same person's first name: listed as variants, or
/// spelled alike.
pub fn first_names_match(a: &str, b: &str) -> bool {
    let (a, b) = (key(a), key(b));
    if a == b {
        return true;
    }
    FIRST_NAME_VARIANTS
        .iter()
        .any(|set| set.contains(&a.as_str()) && set.contains(&b.as_str()))
}

/// Whether two different spellings are plausibly one name written two ways (Antony /
/// Anthony, Zelensky / Zelenskyy, Jake / Jack): close in spelling, same first letter, and
/// not a word with an ending added (China / Chinese).
pub fn spelled_alike(a: &str, b: &str) -> bool {
    let (a, b) = (key(a), key(b));
    if a == b || a.chars().next() != b.chars().next() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.starts_with(short.as_str()) && !(long.len() - short.len() == 1 && long.ends_with('y')) {
        return false;
    }
    let min = if long.len() <= 4 { 0.5 } else { 0.7 };
    word_similarity(&a, &b) >= min
}

/// Whether two spellings differ only by diacritics, case, hyphens or British and American
/// spelling (Vendôme / Vendome, Recognised / Recognized, Theatre / Theater): the same word
/// written by another convention, not a different name.
pub fn same_word(a: &str, b: &str) -> bool {
    let norm = |w: &str| {
        let mut f = String::new();
        crate::tokens::fold_into(&key(w), &mut f);
        f.retain(|c| c != '-');
        for (gb, us) in [
            ("isation", "ization"),
            ("ise", "ize"),
            ("yse", "yze"),
            ("our", "or"),
            ("tre", "ter"),
            ("ogue", "og"),
            ("ll", "l"),
        ] {
            f = f.replace(gb, us);
        }
        f
    };
    norm(a) == norm(b)
}

/// Capitalised runs of a text that look like names (two to four words, titles stripped from
/// the front), as byte ranges.
pub fn name_runs(text: &str) -> Vec<Range<usize>> {
    let words = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &text[words[i].clone()];
        if !capitalised(w) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len()
            && capitalised(&text[words[j].clone()])
            && text[words[j - 1].end..words[j].start] == *" "
        {
            j += 1;
        }
        let mut s = i;
        while s < j
            && (NOT_NAMES.contains(&&text[words[s].clone()]) || is_title(&text[words[s].clone()]))
        {
            s += 1;
        }
        // A possessive ends a run ("Washington’s top diplomat").
        if let Some(p) = (s..j).find(|&k| {
            let t = &text[words[k].clone()];
            t.ends_with("'s") || t.ends_with("’s")
        }) {
            j = p;
        }
        if j > s + 1 && j - s <= 4 {
            out.push(words[s].start..words[j - 1].end);
        }
        i = j.max(i + 1);
    }
    out
}

/// Word spans: letters, digits, apostrophes and hyphens inside a word, a period after an
/// initial.
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let part = c.is_alphanumeric() || matches!(c, '\'' | '’' | '-');
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let raw = &text[s..i];
                let end = raw.trim_end_matches(['\'', '’', '-']);
                let w = end.trim_start_matches(['\'', '’', '-']);
                if !w.is_empty() {
                    let off = end.len() - w.len();
                    out.push(s + off..s + off + w.len());
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A name with the titles and descriptors before it dropped ("German Chancellor Olaf
/// Scholz" → "Olaf Scholz"); the name itself when nothing is left.
pub fn strip_titles(name: &str) -> &str {
    let mut rest = name;
    loop {
        // Stop while something other than titles is left: "State Department" stays whole.
        if rest.split(' ').all(|w| is_title(w) || w == "of") {
            return rest;
        }
        let Some((first, tail)) = rest.split_once(' ') else {
            return rest;
        };
        if !(is_title(first) || first.ends_with("'s") || first.ends_with("’s") || first == "of") {
            return rest;
        }
        rest = tail;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_stripped() {
        for (name, bare) in [
            ("German Chancellor Olaf Scholz", "Olaf Scholz"),
            ("US Secretary of State Antony Blinken", "Antony Blinken"),
            ("China’s Foreign Minister Qin Gang", "Qin Gang"),
            (
                "White House National Security Adviser Jack Sullivan",
                "Jack Sullivan",
            ),
            ("Olaf Scholz", "Olaf Scholz"),
            ("Scholz", "Scholz"),
            ("State Department", "State Department"),
            ("President Biden", "Biden"),
        ] {
            assert_eq!(strip_titles(name), bare);
        }
    }

    #[test]
    fn name_variants() {
        assert!(first_names_match("Jim", "James"));
        assert!(first_names_match("Mohammed", "Muhammad"));
        assert!(spelled_alike("Antony", "Anthony"));
        assert!(spelled_alike("Zelensky", "Zelenskyy"));
        assert!(spelled_alike("Jake", "Jack"));
        assert!(!spelled_alike("China", "Chinese"));
        assert!(!spelled_alike("Biden", "Jill"));
        assert!(!spelled_alike("Joe", "Jim"));
        assert!(same_word("Vendôme", "Vendome"));
        assert!(same_word("Recognised", "Recognized"));
        assert!(same_word("Theatre", "Theater"));
        assert!(same_word("Pin-Up", "Pinup"));
        assert!(!same_word("Antony", "Anthony"));
    }

    #[test]
    fn runs() {
        let t = "On Wednesday US Secretary of State Antony Blinken met Wang Yi in Vienna.";
        let got: Vec<&str> = name_runs(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(got, ["Antony Blinken", "Wang Yi"]);
    }
}
