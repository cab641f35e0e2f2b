//! Any bytes under any name: decoded, or refused with a message naming the file; never a
//! panic. Every text read is valid and non-empty.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_engine::decode_all;

fuzz_target!(|data: &[u8]| {
    for name in ["f.txt", "f.md", "f.docx"] {
        for doc in decode_all(name, data) {
            match doc {
                Ok(doc) => assert!(!doc.text.trim().is_empty()),
                Err(e) => assert!(e.to_string().starts_with(e.name())),
            }
        }
    }
});
