//! A report card's folder as one zip file, for a coalition without a server to download and
//! put on any web host: the same pages the server publishes ([`crate::card::folder`]), with a
//! note on hosting them and embedding the charts.
//!
//! The zip is written here, stored without compression (the files are small, and a web host
//! compresses what it serves), rather than with the `zip` crate: with its default features off
//! it still added 43 KiB (brotli) to the app's download against a few hundred bytes for this writer
//! (measured with `scripts/size.mjs`), and the format's stored form is short and fixed
//! (PKWARE's APPNOTE, sections 4.3.7, 4.3.12 and 4.3.16). The CRC-32 is `crc32fast`'s.

use crate::card::CardFile;

/// What the folder's `README.txt` says.
const README: &str = "A report card made by Cairn. Put this folder on any web host: index.html is the card. Other sites may frame each chart in embed/:\n\n<iframe src=\"https://SITE/FOLDER/embed/NAME.html\" title=\"TITLE\" width=\"640\" height=\"660\" style=\"border:0\"></iframe>\n";

/// `files` in a folder named `folder`, with its README, as the bytes of a zip file, each file
/// dated `made` (an RFC 3339 time, such as `2026-12-02T15:20:07Z`; 1 January 1980, the
/// format's first day, if it is not one). Fails if
/// the folder would pass the limits of a zip without its 64-bit extension (65,535 files, 4 GiB),
/// which no report card comes near.
pub fn zipped(folder: &str, files: &[CardFile], made: &str) -> Result<Vec<u8>, String> {
    let (time, date) = dos_time(made);
    let readme = ("README.txt", README.as_bytes());
    let pages = files.iter().map(|f| (f.path.as_str(), f.html.as_bytes()));
    let mut out = Vec::new();
    let mut directory = Vec::new();
    let mut count: u16 = 0;
    let too_large = || "The report card is too large for a zip file.".to_string();
    for (path, bytes) in std::iter::once(readme).chain(pages) {
        let name = format!("{folder}/{path}");
        let offset = u32::try_from(out.len()).map_err(|_| too_large())?;
        let size = u32::try_from(bytes.len()).map_err(|_| too_large())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        count = count.checked_add(1).ok_or_else(too_large)?;
        let crc = crc32fast::hash(bytes);
        // The fields a local header and a directory entry share: version needed (2.0), flags
        // (bit 11: names are UTF-8), method (0, stored), time and date, CRC, sizes, name.
        let mut common = Vec::with_capacity(26);
        for field in [20u16, 1 << 11, 0, time, date] {
            common.extend_from_slice(&field.to_le_bytes());
        }
        for field in [crc, size, size] {
            common.extend_from_slice(&field.to_le_bytes());
        }
        common.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(&0u16.to_le_bytes()); // no extra field
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(bytes);
        directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        directory.extend_from_slice(&20u16.to_le_bytes()); // made by: version 2.0
        directory.extend_from_slice(&common);
        // No extra field or comment; disk 0; no internal or external attributes.
        for field in [0u16, 0, 0, 0] {
            directory.extend_from_slice(&field.to_le_bytes());
        }
        directory.extend_from_slice(&0u32.to_le_bytes());
        directory.extend_from_slice(&offset.to_le_bytes());
        directory.extend_from_slice(name.as_bytes());
    }
    let start = u32::try_from(out.len()).map_err(|_| too_large())?;
    let length = u32::try_from(directory.len()).map_err(|_| too_large())?;
    out.extend_from_slice(&directory);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for field in [0u16, 0, count, count] {
        out.extend_from_slice(&field.to_le_bytes());
    }
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // no comment
    Ok(out)
}

/// An RFC 3339 time as MS-DOS writes it (the zip format's dates): the time as hours, minutes
/// and seconds halved, the date as years since 1980, month and day, in 16 bits each.
fn dos_time(rfc3339: &str) -> (u16, u16) {
    match crate::card::time_parts(rfc3339) {
        Some([y @ 1980..=2107, mo, d, h, mi, s]) => (
            (h << 11) | (mi << 5) | (s / 2),
            ((y - 1980) << 9) | (mo << 5) | d,
        ),
        _ => (0, (1 << 5) | 1),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn page(path: &str, html: &str) -> CardFile {
        CardFile {
            path: path.into(),
            title: path.into(),
            html: html.into(),
        }
    }

    #[test]
    fn a_zip_reader_finds_every_file_whole_in_its_folder() {
        let files = [
            page("index.html", "<!DOCTYPE html><p>Réussite scolaire</p>"),
            page("embed/ed-grad.html", "<svg></svg>"),
        ];
        let bytes = zipped("teen-futures-report-card", &files, "2026-12-02T15:20:07Z").unwrap();
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 3);
        let mut readme = String::new();
        archive
            .by_name("teen-futures-report-card/README.txt")
            .unwrap()
            .read_to_string(&mut readme)
            .unwrap();
        assert_eq!(readme, README);
        let modified = archive.by_index(0).unwrap().last_modified().unwrap();
        assert_eq!(
            (modified.year(), modified.month(), modified.day()),
            (2026, 12, 2)
        );
        assert_eq!(
            (modified.hour(), modified.minute(), modified.second()),
            (15, 20, 6)
        );
        for file in &files {
            let mut entry = archive
                .by_name(&format!("teen-futures-report-card/{}", file.path))
                .unwrap();
            let mut text = String::new();
            // Reading to the end checks the stored CRC-32 too.
            entry.read_to_string(&mut text).unwrap();
            assert_eq!(text, file.html);
        }
    }

    #[test]
    fn an_empty_card_still_makes_a_readable_zip() {
        let bytes = zipped("card", &[], "not a time").unwrap();
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 1);
        let modified = archive.by_index(0).unwrap().last_modified().unwrap();
        assert_eq!(
            (modified.year(), modified.month(), modified.day()),
            (1980, 1, 1)
        );
    }
}
