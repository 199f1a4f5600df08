//! Saved progress: where it lives, what happens when it cannot be read or
//! written, and the words the learner sees about it.
//!
//! The storage itself is behind `Backend`, so every failure path (a corrupt
//! blob, a browser that refuses storage, a full quota) is tested natively
//! with a fake; the browser's localStorage is one small implementation.
//!
//! Every placeholder on a page runs in its own wasm instance (see the app's
//! loader), so two quizzes on one page each hold a store. Each write
//! therefore starts from what is stored now, not from this instance's copy,
//! or one quiz's answers would overwrite the other's.

use dsw_quiz::{
    Day, ImportError, ImportReport, Notice, Progress, export_progress, import_progress,
    load_progress, record_answer, save_progress,
};

/// The localStorage key of the progress blob.
pub const STORAGE_KEY: &str = "dsw-quiz-progress";
/// Followed by the time in milliseconds: where an unreadable blob is kept
/// before it is replaced.
pub const BACKUP_PREFIX: &str = "dsw-quiz-progress-backup-";

/// A key-value store of strings. Errors are messages for the learner.
pub trait Backend {
    fn read(&self, key: &str) -> Result<Option<String>, String>;
    fn write(&mut self, key: &str, value: &str) -> Result<(), String>;
}

#[derive(Debug)]
pub struct ProgressStore<B> {
    /// `None` once storage failed: from then on progress lives in memory.
    backend: Option<B>,
    progress: Progress,
    notice: Option<Notice>,
    backup_key: Option<String>,
    backup_error: Option<String>,
    memory_only: Option<String>,
}

/// What to tell the learner about their saved progress, ready to draw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Banner {
    pub lines: Vec<String>,
    /// The unreadable text, offered as a download.
    pub unreadable: Option<String>,
    /// Whether answers are being kept only until the page is left.
    pub memory_only: bool,
}

impl Banner {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

impl<B: Backend> ProgressStore<B> {
    /// Loads progress. Never fails: a browser without storage (some private
    /// modes throw on access) gets a store in memory and a line saying so.
    pub fn open(backend: Result<B, String>, now_millis: i64) -> ProgressStore<B> {
        let mut store = ProgressStore {
            backend: None,
            progress: Progress::default(),
            notice: None,
            backup_key: None,
            backup_error: None,
            memory_only: None,
        };
        let mut backend = match backend {
            Ok(backend) => backend,
            Err(reason) => {
                store.memory_only = Some(reason);
                return store;
            }
        };
        let raw = match backend.read(STORAGE_KEY) {
            Ok(raw) => raw.unwrap_or_default(),
            Err(reason) => {
                store.memory_only = Some(reason);
                return store;
            }
        };
        let loaded = load_progress(&raw);
        store.progress = loaded.progress;
        let rewrite = match &loaded.notice {
            None => false,
            Some(Notice::Migrated { .. }) => true,
            Some(Notice::Reset { raw, .. }) => {
                let key = format!("{BACKUP_PREFIX}{now_millis}");
                match backend.write(&key, raw) {
                    Ok(()) => {
                        store.backup_key = Some(key);
                        true
                    }
                    // Without a copy, leave the unreadable blob where it is
                    // for as long as possible: the first answer overwrites it.
                    Err(reason) => {
                        store.backup_error = Some(reason);
                        false
                    }
                }
            }
        };
        store.notice = loaded.notice;
        store.backend = Some(backend);
        // Writing the migrated or reset blob at once keeps the next page
        // (and the other quizzes on this one) from repeating the notice.
        if rewrite {
            store.persist();
        }
        store
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Picks up answers saved by other quizzes on the page or other tabs.
    pub fn refresh(&mut self) {
        self.progress = self.stored();
    }

    /// Records one answer and saves it.
    pub fn record(&mut self, id: &str, correct: bool, today: Day) {
        let mut progress = self.stored();
        record_answer(&mut progress, id, correct, today);
        self.progress = progress;
        self.persist();
    }

    /// Merges an exported file into what is stored. A refused file changes
    /// nothing.
    pub fn import(&mut self, file: &str) -> Result<ImportReport, ImportError> {
        let report = import_progress(&self.stored(), file)?;
        self.progress = report.progress.clone();
        self.persist();
        Ok(report)
    }

    /// The file to download: everything stored, not just this page's copy.
    pub fn export(&mut self) -> String {
        self.refresh();
        export_progress(&self.progress)
    }

    /// Forgets every answer.
    pub fn reset(&mut self) {
        self.progress = Progress::default();
        self.persist();
    }

    pub fn banner(&self) -> Banner {
        let mut banner = Banner::default();
        if let Some(notice) = &self.notice {
            banner.lines.push(notice.message());
            if let Notice::Reset { raw, .. } = notice {
                banner.unreadable = Some(raw.clone());
            }
        }
        if let Some(key) = &self.backup_key {
            banner.lines.push(format!(
                "The unreadable copy is also kept in this browser's storage under “{key}”."
            ));
        }
        if let Some(reason) = &self.backup_error {
            banner.lines.push(format!(
                "It could not be copied in this browser's storage ({reason}); download it now if you want to keep it, because your next answer replaces it."
            ));
        }
        if let Some(reason) = &self.memory_only {
            banner.memory_only = true;
            banner.lines.push(format!(
                "Your answers are kept only until you leave this page: this browser does not let the workbook save them ({reason}). Export your progress from the progress page to keep it."
            ));
        }
        banner
    }

    /// What is stored now, or this instance's copy when storage cannot say.
    fn stored(&mut self) -> Progress {
        let Some(backend) = &self.backend else {
            return self.progress.clone();
        };
        match backend.read(STORAGE_KEY) {
            Ok(None) => Progress::default(),
            Ok(Some(raw)) => {
                let loaded = load_progress(&raw);
                match loaded.notice {
                    // Someone damaged the blob since it was loaded; this
                    // instance's copy is the best one left.
                    Some(Notice::Reset { .. }) => self.progress.clone(),
                    _ => loaded.progress,
                }
            }
            Err(reason) => {
                self.fall_back(reason);
                self.progress.clone()
            }
        }
    }

    fn persist(&mut self) {
        let Some(backend) = &mut self.backend else {
            return;
        };
        if let Err(reason) = backend.write(STORAGE_KEY, &save_progress(&self.progress)) {
            self.fall_back(reason);
        }
    }

    fn fall_back(&mut self, reason: String) {
        self.backend = None;
        self.memory_only = Some(reason);
    }
}

/// The confirmation after an import.
pub fn import_summary(report: &ImportReport) -> String {
    let mut text = format!(
        "Imported: added {}, updated {}, unchanged {}.",
        report.added, report.updated, report.unchanged
    );
    if let Some(from) = report.migrated_from {
        text.push_str(&format!(
            " The file was from an older version of the workbook (schema {from}) and was converted."
        ));
    }
    text
}

#[cfg(test)]
pub mod memory {
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::rc::Rc;

    use super::Backend;

    /// A fake localStorage. Clones share their map, like two wasm instances
    /// on one page share the browser's storage.
    #[derive(Debug, Clone, Default)]
    pub struct Memory {
        pub map: Rc<RefCell<BTreeMap<String, String>>>,
        pub fail_reads: bool,
        pub fail_writes: bool,
        /// Fails writes to keys starting with this.
        pub fail_writes_to: Option<String>,
    }

    impl Memory {
        pub fn with(key: &str, value: &str) -> Memory {
            let memory = Memory::default();
            memory
                .map
                .borrow_mut()
                .insert(key.to_owned(), value.to_owned());
            memory
        }

        pub fn get(&self, key: &str) -> Option<String> {
            self.map.borrow().get(key).cloned()
        }
    }

    impl Backend for Memory {
        fn read(&self, key: &str) -> Result<Option<String>, String> {
            if self.fail_reads {
                return Err("SecurityError: access denied".to_owned());
            }
            Ok(self.get(key))
        }

        fn write(&mut self, key: &str, value: &str) -> Result<(), String> {
            let refused = self
                .fail_writes_to
                .as_deref()
                .is_some_and(|p| key.starts_with(p));
            if self.fail_writes || refused {
                return Err("QuotaExceededError: the quota has been exceeded".to_owned());
            }
            self.map
                .borrow_mut()
                .insert(key.to_owned(), value.to_owned());
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::memory::Memory;
    use super::*;

    fn open(memory: &Memory) -> ProgressStore<Memory> {
        ProgressStore::open(Ok(memory.clone()), 1_700_000_000_000)
    }

    #[test]
    fn nothing_saved_is_a_quiet_fresh_start() {
        let memory = Memory::default();
        let store = open(&memory);
        assert!(store.progress().questions.is_empty());
        assert!(store.banner().is_empty());
        assert_eq!(memory.get(STORAGE_KEY), None, "nothing written yet");
    }

    #[test]
    fn answers_are_saved_and_read_back() {
        let memory = Memory::default();
        let mut store = open(&memory);
        store.record("q1", true, 100);
        store.record("q2", false, 100);
        let again = open(&memory);
        assert_eq!(again.progress(), store.progress());
        assert_eq!(again.progress().seen("q1"), 1);
        assert!(again.progress().get("q1").unwrap().last_correct);
    }

    #[test]
    fn two_instances_on_one_page_do_not_overwrite_each_other() {
        let memory = Memory::default();
        let mut first = open(&memory);
        let mut second = open(&memory);
        first.record("q1", true, 100);
        second.record("q2", true, 100);
        let stored = open(&memory);
        assert_eq!(stored.progress().questions.len(), 2);
    }

    #[test]
    fn unreadable_data_is_backed_up_reset_and_offered() {
        let memory = Memory::with(STORAGE_KEY, "{not json");
        let store = open(&memory);
        assert!(store.progress().questions.is_empty());
        let backup = format!("{BACKUP_PREFIX}1700000000000");
        assert_eq!(memory.get(&backup).as_deref(), Some("{not json"));
        let banner = store.banner();
        assert_eq!(banner.unreadable.as_deref(), Some("{not json"));
        assert!(banner.lines[0].contains("could not be read"), "{banner:?}");
        assert!(banner.lines[1].contains(&backup), "{banner:?}");
        assert!(!banner.memory_only);
        let fresh = open(&memory);
        assert!(
            fresh.banner().is_empty(),
            "the reset blob was written, so the next page is quiet"
        );
    }

    #[test]
    fn without_room_for_a_backup_the_unreadable_blob_waits_for_the_first_answer() {
        let mut memory = Memory::with(STORAGE_KEY, "[1, 2]");
        memory.fail_writes_to = Some(BACKUP_PREFIX.to_owned());
        let mut store = open(&memory);
        assert_eq!(memory.get(STORAGE_KEY).as_deref(), Some("[1, 2]"));
        let banner = store.banner();
        assert_eq!(banner.unreadable.as_deref(), Some("[1, 2]"));
        assert!(banner.lines[1].contains("download it now"), "{banner:?}");
        store.record("q1", true, 5);
        assert_eq!(open(&memory).progress().seen("q1"), 1);
    }

    #[test]
    fn old_schemas_are_migrated_and_rewritten() {
        let memory = Memory::with(
            STORAGE_KEY,
            r#"{"schema":1,"questions":{"q1":{"seen":2,"correct":1}}}"#,
        );
        let store = open(&memory);
        assert_eq!(store.progress().seen("q1"), 2);
        assert!(store.banner().lines[0].contains("migrated"));
        assert!(memory.get(STORAGE_KEY).unwrap().contains("\"schema\":2"));
    }

    #[test]
    fn storage_that_refuses_access_keeps_progress_in_memory() {
        let store: ProgressStore<Memory> =
            ProgressStore::open(Err("SecurityError: the operation is insecure".into()), 0);
        let banner = store.banner();
        assert!(banner.memory_only);
        assert!(banner.lines[0].contains("only until you leave this page"));
        assert!(banner.lines[0].contains("insecure"));

        let memory = Memory {
            fail_reads: true,
            ..Memory::default()
        };
        let mut store = open(&memory);
        store.record("q1", true, 1);
        assert_eq!(store.progress().seen("q1"), 1, "kept in memory");
        assert!(store.banner().memory_only);
    }

    #[test]
    fn a_full_quota_falls_back_to_memory_without_losing_the_answer() {
        let memory = Memory {
            fail_writes: true,
            ..Memory::default()
        };
        let mut store = open(&memory);
        store.record("q1", false, 1);
        store.record("q1", true, 2);
        assert_eq!(store.progress().seen("q1"), 2);
        assert!(store.banner().memory_only);
        assert!(store.banner().lines[0].contains("QuotaExceeded"));
    }

    #[test]
    fn import_merges_and_reports_and_a_bad_file_changes_nothing() {
        let memory = Memory::default();
        let mut store = open(&memory);
        store.record("q1", true, 10);
        let mut other = Progress::default();
        record_answer(&mut other, "q1", true, 12);
        record_answer(&mut other, "q2", false, 12);
        let file = export_progress(&other);

        let before = store.progress().clone();
        let err = store.import("this is not progress").unwrap_err();
        assert!(err.to_string().starts_with("this file cannot be imported"));
        assert_eq!(store.progress(), &before);

        let report = store.import(&file).unwrap();
        assert_eq!((report.added, report.updated), (1, 1));
        assert_eq!(
            import_summary(&report),
            "Imported: added 1, updated 1, unchanged 0."
        );
        assert_eq!(open(&memory).progress(), &other);
    }

    #[test]
    fn export_includes_what_other_instances_saved() {
        let memory = Memory::default();
        let mut mine = open(&memory);
        let mut theirs = open(&memory);
        theirs.record("q9", true, 3);
        let file = mine.export();
        assert!(file.contains("q9"), "{file}");
        assert!(file.contains('\n'), "pretty-printed for a person");
    }

    #[test]
    fn reset_forgets_everything() {
        let memory = Memory::default();
        let mut store = open(&memory);
        store.record("q1", true, 1);
        store.reset();
        assert!(open(&memory).progress().questions.is_empty());
    }

    #[test]
    fn a_blob_damaged_after_loading_does_not_lose_this_pages_answers() {
        let memory = Memory::default();
        let mut store = open(&memory);
        store.record("q1", true, 1);
        memory
            .map
            .borrow_mut()
            .insert(STORAGE_KEY.to_owned(), "garbage".to_owned());
        store.record("q2", true, 1);
        assert_eq!(open(&memory).progress().questions.len(), 2);
    }
}
