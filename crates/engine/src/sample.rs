//! The built-in sample story: five real reports of one event (a China–US foreign ministers'
//! phone call, 14 June 2023), shipped inside the bundle for "Try the sample story".

/// `(file name, text)` of each sample article.
pub const SAMPLE: [(&str, &str); 5] = [
    (
        "000_a89541356251f1fd.txt",
        include_str!("../../../assets/sample/000_a89541356251f1fd.txt"),
    ),
    (
        "001_5abe527c4be32966.txt",
        include_str!("../../../assets/sample/001_5abe527c4be32966.txt"),
    ),
    (
        "002_6bfe9bbd82f5b990.txt",
        include_str!("../../../assets/sample/002_6bfe9bbd82f5b990.txt"),
    ),
    (
        "003_6ff8a14e7e392305.txt",
        include_str!("../../../assets/sample/003_6ff8a14e7e392305.txt"),
    ),
    (
        "004_fe6f720befa73b3a.txt",
        include_str!("../../../assets/sample/004_fe6f720befa73b3a.txt"),
    ),
];

/// The sample articles as documents, in order.
pub fn documents() -> Vec<crate::SourceText> {
    SAMPLE
        .iter()
        .map(|(name, text)| crate::SourceText::new(*name, *text))
        .collect()
}
