//! A batch CSV: every row rendered or refused with a reason, in the language its `language`
//! column asks for; no row takes the batch down.
#![no_main]

use aftercare::deliver::batch::{self, Context};
use aftercare::input::rows::{self, Columns};
use aftercare::i18n::Lang;
use aftercare::input::protocol::Protocols;
use aftercare::model::Routine;
use aftercare_fuzz::check_lines;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let Ok(header) = reader.headers().cloned() else {
        return;
    };
    let header: Vec<&str> = header.iter().collect();
    let Ok(columns) = Columns::new(&header) else {
        return;
    };
    let protocols = Protocols::builtin();
    let no_files = |_: &str| -> Result<Routine, String> { Err("no files here".into()) };
    let ctx = Context {
        protocols: &protocols,
        lang: Lang::En,
        dtstamp: chrono::DateTime::UNIX_EPOCH,
        from: None,
        email: false,
        subject: None,
        clinic: None,
        style: Default::default(),
        habits: &no_files,
        keeper: None,
    };
    // Eight rows show how rows affect each other; more only slow each execution down.
    for (row, record) in reader.records().enumerate().take(8) {
        let Ok(record) = record else { continue };
        let record: Vec<String> = record.iter().map(str::to_string).collect();
        let Ok(stem) = rows::stem(columns.value(&record, "id").unwrap_or_default()) else {
            continue;
        };
        match batch::render_row(&record, row + 2, stem, &columns, &ctx) {
            Ok(rendered) => {
                check_lines(&rendered.ics);
            }
            Err(e) => assert!(!e.reason.is_empty()),
        }
    }
});
