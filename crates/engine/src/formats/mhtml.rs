//! Saved web archives (`.mhtml`, `.mht`: "Save page as… single file"): a MIME multipart
//! message whose first `text/html` part is the page. That part is decoded
//! (quoted-printable or base64, in its declared charset) and read as a web page.

use encoding_rs::Encoding;

/// Whether a text is a MIME web archive.
pub fn looks_like_mhtml(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(2000)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("mime-version:") && head.contains("multipart/related")
}

/// The HTML of the archive's first `text/html` part.
pub fn html_part(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("boundary=")? + "boundary=".len();
    let rest = &text[at..];
    let boundary = if let Some(quoted) = rest.strip_prefix('"') {
        &quoted[..quoted.find('"')?]
    } else {
        rest.split(|c: char| c.is_whitespace() || c == ';').next()?
    };
    let marker = format!("--{boundary}");
    for part in text.split(marker.as_str()).skip(1) {
        let (headers, body) = part
            .split_once("\r\n\r\n")
            .or_else(|| part.split_once("\n\n"))?;
        let h = headers.to_ascii_lowercase();
        if !h.contains("content-type: text/html") {
            continue;
        }
        let charset = h
            .split("charset=")
            .nth(1)
            .map(|c| {
                c.trim_start_matches('"')
                    .split(['"', ';', '\r', '\n'])
                    .next()
                    .unwrap_or("")
            })
            .and_then(|c| Encoding::for_label(c.as_bytes()))
            .unwrap_or(encoding_rs::UTF_8);
        let bytes = if h.contains("quoted-printable") {
            quoted_printable(body)
        } else if h.contains("base64") {
            base64(body)?
        } else {
            body.as_bytes().to_vec()
        };
        return Some(charset.decode(&bytes).0.into_owned());
    }
    None
}

fn quoted_printable(body: &str) -> Vec<u8> {
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn base64(body: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in body.as_bytes() {
        if c == b'=' {
            break;
        }
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else {
            if c.is_ascii_whitespace() {
                continue;
            }
            return None;
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_part_is_decoded() {
        let archive = "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc----\"\r\n\r\n------MultipartBoundary--abc----\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<html><body><p>Caf=C3=A9 owners said the rules, which start in May, would co=\r\nst them dearly.</p></body></html>\r\n------MultipartBoundary--abc----\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n------MultipartBoundary--abc------\r\n";
        assert!(looks_like_mhtml(archive));
        let html = html_part(archive).unwrap();
        assert_eq!(
            html,
            "<html><body><p>Café owners said the rules, which start in May, would cost them dearly.</p></body></html>\r\n"
        );
        assert_eq!(base64("aGVs bG8=").unwrap(), b"hello");
    }
}
