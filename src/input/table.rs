//! A day's list as booking systems and spreadsheets write it: UTF-8 or Windows-1252 (what a
//! Spanish, French or German Excel saves as "CSV"), fields split by commas, semicolons (the
//! same Excels, where the comma is the decimal mark) or tabs. Read once into UTF-8 text with
//! its delimiter, so that every reader of the list (the batch, the desk's header) sees the
//! same columns; a file that is not text at all (a workbook, a PDF, a picture) is named as
//! what it is, with what to do.
//!
//! ```
//! use aftercare::input::table::CsvText;
//!
//! let excel = b"Patient ID;Nombre\nMAD-1;Luc\xeda\n";
//! let csv = CsvText::read(excel).unwrap();
//! assert_eq!(csv.delimiter, b';');
//! assert!(csv.text.contains("Lucía"));
//! ```

/// A list's text and how its fields are split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvText {
    /// The file as UTF-8, without a byte-order mark.
    pub text: String,
    /// `,`, `;` or a tab: the one the header row uses most (outside quotes).
    pub delimiter: u8,
}

/// A file that is not a CSV: what it looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotCsv {
    /// An Excel workbook (`.xlsx`, a zip) or an older `.xls`.
    #[error(
        "this is an Excel workbook, not a CSV file: save it as CSV (in Excel: File, Save As, \"CSV UTF-8\"), or export the day as CSV from the booking system"
    )]
    Workbook,
    /// A PDF.
    #[error("this is a PDF, not a CSV file: export the day as CSV from the booking system")]
    Pdf,
    /// A picture.
    #[error("this is a picture, not a CSV file: export the day as CSV from the booking system")]
    Picture,
}

impl CsvText {
    /// Reads a list's bytes: UTF-8 when they are (a byte-order mark dropped), else
    /// Windows-1252; the delimiter from the header row.
    pub fn read(bytes: &[u8]) -> Result<CsvText, NotCsv> {
        let starts = |magic: &[u8]| bytes.starts_with(magic);
        if starts(b"PK\x03\x04") || starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            return Err(NotCsv::Workbook);
        }
        if starts(b"%PDF") {
            return Err(NotCsv::Pdf);
        }
        if starts(b"\x89PNG") || starts(b"\xFF\xD8\xFF") || starts(b"GIF8") {
            return Err(NotCsv::Picture);
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => bytes.iter().map(|b| windows_1252(*b)).collect(),
        };
        let delimiter = delimiter_of(&text);
        Ok(CsvText { text, delimiter })
    }

    /// A CSV reader of the text (rows may differ in length; the header is the first record).
    pub fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .flexible(true)
            .delimiter(self.delimiter)
            .from_reader(self.text.as_bytes())
    }
}

/// The delimiter the first record uses most, outside quotes: `,` when none is found.
fn delimiter_of(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            _ if !quoted => {
                for (d, n) in counts.iter_mut() {
                    if c == char::from(*d) {
                        *n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    // The first of the most used wins, so a header with no delimiter at all is comma-split.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// A Windows-1252 byte as its character (its five unassigned bytes as U+FFFD).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
        '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{FFFD}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        // Latin-1's range: the same code points.
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheets_lists_are_read_as_they_are_saved() {
        let utf8 = CsvText::read("\u{feff}id,name\nP-1,Zoë\n".as_bytes()).unwrap();
        assert_eq!(
            (utf8.delimiter, utf8.text.as_str()),
            (b',', "id,name\nP-1,Zoë\n")
        );
        let excel =
            CsvText::read(b"ID Paciente;Nombre;Zona\r\nM-1;Mar\xeda Pe\xf1a;\"Frente; Patas\"\r\n")
                .unwrap();
        assert_eq!(excel.delimiter, b';');
        let rows: Vec<Vec<String>> = excel
            .reader()
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(rows, [["M-1", "María Peña", "Frente; Patas"]]);
        assert_eq!(CsvText::read(b"id\tat\n").unwrap().delimiter, b'\t');
        // A quoted header cell with a semicolon in it does not make the file semicolon-split.
        assert_eq!(CsvText::read(b"\"a;b\",c\n").unwrap().delimiter, b',');
        assert_eq!(windows_1252(0x80), '€');
        assert_eq!(windows_1252(0xE9), 'é');
    }

    #[test]
    fn a_file_that_is_not_a_list_is_named() {
        assert_eq!(CsvText::read(b"PK\x03\x04rest"), Err(NotCsv::Workbook));
        assert_eq!(CsvText::read(b"%PDF-1.7"), Err(NotCsv::Pdf));
        assert_eq!(CsvText::read(b"\x89PNG\r\n"), Err(NotCsv::Picture));
        assert!(NotCsv::Workbook.to_string().contains("CSV UTF-8"));
    }
}
