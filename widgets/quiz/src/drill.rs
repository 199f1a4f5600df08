//! The interview drill: N questions mixed across chapters, reproducible from a
//! seed, with a report that says which chapters to reread.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Difficulty, Question, Quiz};
use crate::progress::Progress;
use crate::rng::SplitMix64;

/// A chapter scoring below this share of right answers is listed to reread.
pub const REREAD_BELOW: f64 = 0.75;

/// Which questions may be drawn. An empty list means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillFilter {
    pub chapters: Vec<String>,
    pub difficulties: Vec<Difficulty>,
    /// A question qualifies when it has at least one of these tags.
    pub tags: Vec<String>,
}

impl DrillFilter {
    fn accepts(&self, chapter: &str, q: &Question) -> bool {
        (self.chapters.is_empty() || self.chapters.iter().any(|c| c == chapter))
            && (self.difficulties.is_empty() || self.difficulties.contains(&q.difficulty))
            && (self.tags.is_empty() || q.tags.iter().any(|t| self.tags.contains(t)))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillItem {
    pub chapter: String,
    pub question: Question,
}

/// Serializable so the host can keep a drill in progress across a reload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drill {
    items: Vec<DrillItem>,
    results: Vec<Option<bool>>,
    /// Book order, so the report lists chapters the way the book does.
    chapters: Vec<String>,
}

impl Drill {
    /// Draws up to `n` questions that pass `filter`.
    ///
    /// The questions the learner has seen least come first, so repeated
    /// drills rotate through the bank instead of redrawing favourites; among
    /// equally seen questions the seed decides. Same quizzes, progress and
    /// seed give the same drill.
    pub fn new(
        quizzes: &[Quiz],
        filter: &DrillFilter,
        n: usize,
        seed: u64,
        progress: &Progress,
    ) -> Drill {
        let mut rng = SplitMix64::new(seed);
        let mut pool: Vec<(u32, u64, DrillItem)> = quizzes
            .iter()
            .flat_map(|quiz| {
                quiz.questions
                    .iter()
                    .filter(|q| filter.accepts(&quiz.chapter, q))
                    .map(|q| (quiz.chapter.clone(), q))
            })
            .map(|(chapter, q)| {
                let item = DrillItem {
                    chapter,
                    question: q.clone(),
                };
                (progress.seen(&q.id), rng.next_u64(), item)
            })
            .collect();
        pool.sort_by_key(|(seen, tie, _)| (*seen, *tie));
        pool.truncate(n);
        let mut items: Vec<DrillItem> = pool.into_iter().map(|(.., item)| item).collect();
        // The least-seen-first ranking would otherwise also fix the order of
        // asking; shuffle so chapters interleave as they would in an interview.
        rng.shuffle(&mut items);
        Drill {
            results: vec![None; items.len()],
            items,
            chapters: quizzes.iter().map(|q| q.chapter.clone()).collect(),
        }
    }

    pub fn items(&self) -> &[DrillItem] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Records the result of question `index`; a later call overwrites an
    /// earlier one. Returns false when there is no such question.
    pub fn record(&mut self, index: usize, correct: bool) -> bool {
        match self.results.get_mut(index) {
            Some(slot) => {
                *slot = Some(correct);
                true
            }
            None => false,
        }
    }

    pub fn result(&self, index: usize) -> Option<bool> {
        self.results.get(index).copied().flatten()
    }

    pub fn is_finished(&self) -> bool {
        self.results.iter().all(Option::is_some)
    }

    /// The score so far. Questions left unanswered (the timer ran out) count
    /// as asked and not right: in an interview, silence is not a pass.
    pub fn report(&self) -> DrillReport {
        let mut by_chapter: BTreeMap<&str, Score> = BTreeMap::new();
        let mut by_tag: BTreeMap<&str, Score> = BTreeMap::new();
        let mut answered = 0;
        let mut correct = 0;
        for (item, result) in self.items.iter().zip(&self.results) {
            let right = *result == Some(true);
            answered += usize::from(result.is_some());
            correct += usize::from(right);
            by_chapter
                .entry(&item.chapter)
                .or_insert_with(|| Score::new(&item.chapter))
                .add(right);
            for tag in &item.question.tags {
                by_tag
                    .entry(tag)
                    .or_insert_with(|| Score::new(tag))
                    .add(right);
            }
        }
        let position = |c: &str| {
            self.chapters
                .iter()
                .position(|x| x == c)
                .unwrap_or(usize::MAX)
        };
        let mut chapters: Vec<Score> = by_chapter.into_values().collect();
        chapters.sort_by_key(|s| position(&s.name));
        let mut reread: Vec<&Score> = chapters
            .iter()
            .filter(|s| s.ratio() < REREAD_BELOW)
            .collect();
        reread.sort_by(|a, b| {
            a.ratio()
                .total_cmp(&b.ratio())
                .then(position(&a.name).cmp(&position(&b.name)))
        });
        DrillReport {
            asked: self.items.len(),
            answered,
            correct,
            reread: reread.into_iter().map(|s| s.name.clone()).collect(),
            by_chapter: chapters,
            by_tag: by_tag.into_values().collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub name: String,
    pub asked: usize,
    pub correct: usize,
}

impl Score {
    fn new(name: &str) -> Score {
        Score {
            name: name.to_owned(),
            asked: 0,
            correct: 0,
        }
    }

    fn add(&mut self, right: bool) {
        self.asked += 1;
        self.correct += usize::from(right);
    }

    pub fn ratio(&self) -> f64 {
        if self.asked == 0 {
            1.0
        } else {
            self.correct as f64 / self.asked as f64
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillReport {
    pub asked: usize,
    pub answered: usize,
    pub correct: usize,
    /// In book order.
    pub by_chapter: Vec<Score>,
    /// Alphabetical.
    pub by_tag: Vec<Score>,
    /// Chapters scoring below `REREAD_BELOW`, weakest first.
    pub reread: Vec<String>,
}
