//! Short fingerprints that tell content apart, the same on every platform and version.

/// A short fingerprint of `text` (FNV-1a, 16 hex digits): tiny and the same on every platform
/// and version. Not for secrets: it tells content apart, it does not hide it.
pub fn fingerprint(text: &str) -> String {
    format!("{:016x}", fingerprint_number(text))
}

/// The number [`fingerprint`] writes in hex.
pub fn fingerprint_number(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
