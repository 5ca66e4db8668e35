//! Content encodings: which one a client accepts, and a body kept in each it is asked in.
//!
//! Most answers are compressed as they are sent (tower-http's `CompressionLayer`, see
//! [`crate::api::router`]); a snapshot is sent to many members unchanged, so it is compressed
//! once per encoding and the compressed bytes are shared ([`Encoded`]), like the app's files,
//! which are compressed when the app is built (`scripts/precompress.mjs`).

use axum::body::Bytes;
use axum::http::{header, HeaderMap};
use tokio::sync::OnceCell;

/// How a body is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The best encoding `headers`' `Accept-Encoding` allows: brotli, then gzip, then none.
    /// An encoding with `q=0` is refused, as the header's grammar says.
    pub fn accepted(headers: &HeaderMap) -> Encoding {
        let offered: Vec<(String, bool)> = headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|item| {
                let mut parts = item.split(';').map(str::trim);
                let name = parts.next().unwrap_or("").to_ascii_lowercase();
                let refused = parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                (name, !refused)
            })
            .collect();
        let allows = |name: &str| offered.iter().any(|(n, ok)| *ok && (n == name || n == "*"));
        if allows("br") {
            Encoding::Brotli
        } else if allows("gzip") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// The `Content-Encoding` value, if any.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Encoding::Identity => None,
            Encoding::Gzip => Some("gzip"),
            Encoding::Brotli => Some("br"),
        }
    }

    /// `bytes` in this encoding. Gzip at level 6 and brotli at quality 5: about as small as
    /// the slowest settings for JSON, at a fraction of the time.
    pub fn compress(self, bytes: &[u8]) -> Bytes {
        use std::io::Write;
        match self {
            Encoding::Identity => Bytes::copy_from_slice(bytes),
            Encoding::Gzip => {
                let mut out =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
                out.write_all(bytes).expect("writing to memory works");
                Bytes::from(out.finish().expect("writing to memory works"))
            }
            Encoding::Brotli => {
                let mut out = Vec::new();
                let params = brotli::enc::BrotliEncoderParams {
                    quality: 5,
                    ..Default::default()
                };
                brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
                    .expect("writing to memory works");
                Bytes::from(out)
            }
        }
    }
}

/// A body, and its compressed forms made the first time each is asked for.
pub struct Encoded {
    pub identity: Bytes,
    gzip: OnceCell<Bytes>,
    brotli: OnceCell<Bytes>,
}

impl Encoded {
    pub fn new(identity: Bytes) -> Encoded {
        Encoded {
            identity,
            gzip: OnceCell::new(),
            brotli: OnceCell::new(),
        }
    }

    /// The body in `encoding`, compressing it on a blocking thread the first time (every
    /// request asking meanwhile waits for that one compression).
    pub async fn get(&self, encoding: Encoding) -> Bytes {
        let cell = match encoding {
            Encoding::Identity => return self.identity.clone(),
            Encoding::Gzip => &self.gzip,
            Encoding::Brotli => &self.brotli,
        };
        cell.get_or_init(|| async {
            let identity = self.identity.clone();
            tokio::task::spawn_blocking(move || encoding.compress(&identity))
                .await
                .expect("compressing does not panic")
        })
        .await
        .clone()
    }

    /// The bytes held, every form made so far included.
    pub fn size(&self) -> usize {
        self.identity.len()
            + self.gzip.get().map_or(0, Bytes::len)
            + self.brotli.get().map_or(0, Bytes::len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, value.parse().unwrap());
        h
    }

    #[test]
    fn brotli_is_preferred_then_gzip_and_q_zero_refuses() {
        assert_eq!(
            Encoding::accepted(&asking("gzip, deflate, br")),
            Encoding::Brotli
        );
        assert_eq!(Encoding::accepted(&asking("gzip")), Encoding::Gzip);
        assert_eq!(
            Encoding::accepted(&asking("br;q=0, gzip;q=0.5")),
            Encoding::Gzip
        );
        assert_eq!(Encoding::accepted(&asking("identity")), Encoding::Identity);
        assert_eq!(Encoding::accepted(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn compressed_forms_decompress_to_the_body() {
        use std::io::Read;
        let body = br#"{"rows":[{"path":"observations/A/2026-01/LIB","value":1}]}"#.repeat(50);
        let gz = Encoding::Gzip.compress(&body);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, body);
        let br = Encoding::Brotli.compress(&body);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, body);
        assert!(br.len() < body.len() / 5 && gz.len() < body.len() / 5);
    }
}
