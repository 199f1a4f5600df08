//! Words, numbers and links the screens show, computed without a browser.

use dsw_quiz::{ChapterSummary, Day, Progress, Quiz};

/// A chapter's page relative to the current one. mdBook gives every page a
/// `path_to_root` (`""` at the top, `"../"` one folder down); a chapter id is
/// the folder of its chapter (`src/ch01-foundations/index.md`). Without that
/// variable, `../` is the guess that also works from the book's top level,
/// because a URL cannot climb above the site's root.
pub fn chapter_href(path_to_root: Option<&str>, chapter: &str) -> String {
    format!("{}{chapter}/index.html", path_to_root.unwrap_or("../"))
}

/// The chapter's title, or its id when the quiz file gives none.
pub fn chapter_name(bank: &[Quiz], chapter: &str) -> String {
    bank.iter()
        .find(|q| q.chapter == chapter)
        .and_then(|q| q.title.clone())
        .unwrap_or_else(|| chapter.to_owned())
}

/// `mm:ss`, or `h:mm:ss` from an hour up.
pub fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// The exported file's name, dated so several exports sort by day.
pub fn export_file_name(today: Day) -> String {
    let (y, m, d) = civil_from_days(i64::from(today));
    format!("dsw-quiz-progress-{y:04}-{m:02}-{d:02}.json")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The progress page's table: one row per chapter and the sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressTable {
    pub rows: Vec<ChapterSummary>,
    pub total: ChapterSummary,
}

pub fn progress_table(bank: &[Quiz], progress: &Progress, today: Day) -> ProgressTable {
    let rows: Vec<ChapterSummary> = bank
        .iter()
        .map(|quiz| dsw_quiz::chapter_summary(quiz, progress, today))
        .collect();
    let mut total = ChapterSummary {
        chapter: String::new(),
        title: Some("All chapters".to_owned()),
        total: 0,
        seen: 0,
        correct: 0,
        due: 0,
    };
    for row in &rows {
        total.total += row.total;
        total.seen += row.seen;
        total.correct += row.correct;
        total.due += row.due;
    }
    ProgressTable { rows, total }
}

/// Messages from the model start lower-case to fit inside sentences; shown
/// alone, they start a sentence.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "3 of 4 (75%)" for the drill report.
pub fn score(correct: usize, asked: usize) -> String {
    if asked == 0 {
        return "none asked".to_owned();
    }
    let percent = (correct as f64 * 100.0 / asked as f64).round();
    format!("{correct} of {asked} ({percent}%)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn chapter_links_follow_mdbooks_path_to_root() {
        assert_eq!(
            chapter_href(Some(""), "ch01-foundations"),
            "ch01-foundations/index.html"
        );
        assert_eq!(chapter_href(Some("../"), "ch02"), "../ch02/index.html");
        assert_eq!(chapter_href(None, "ch02"), "../ch02/index.html");
    }

    #[test]
    fn chapter_names_fall_back_to_ids() {
        let bank = fixtures::bank();
        assert_eq!(chapter_name(&bank, "ch01-foundations"), "Foundations");
        assert_eq!(chapter_name(&bank, "ch02-time"), "ch02-time");
        assert_eq!(chapter_name(&bank, "gone"), "gone");
    }

    #[test]
    fn clocks_and_dates() {
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(61), "01:01");
        assert_eq!(clock(3600 + 5), "1:00:05");
        assert_eq!(export_file_name(0), "dsw-quiz-progress-1970-01-01.json");
        assert_eq!(
            export_file_name(dsw_quiz::day_from_unix_millis(1_709_251_200_000, 0)),
            "dsw-quiz-progress-2024-03-01.json"
        );
        assert_eq!(
            export_file_name(11_016),
            "dsw-quiz-progress-2000-02-29.json"
        );
    }

    #[test]
    fn the_progress_table_sums_its_chapters() {
        let bank = fixtures::bank();
        let mut progress = Progress::default();
        dsw_quiz::record_answer(&mut progress, "ch01-a", true, 1);
        dsw_quiz::record_answer(&mut progress, "ch02-b", false, 1);
        let table = progress_table(&bank, &progress, 2);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(
            (
                table.total.total,
                table.total.seen,
                table.total.correct,
                table.total.due
            ),
            (5, 2, 1, 1)
        );
    }

    #[test]
    fn scores_read_as_fractions() {
        assert_eq!(score(3, 4), "3 of 4 (75%)");
        assert_eq!(score(0, 0), "none asked");
        assert_eq!(score(2, 3), "2 of 3 (67%)");
    }
}
