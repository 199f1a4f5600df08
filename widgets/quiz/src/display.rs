//! The order in which a question's options or items are put on screen.

use crate::model::{Kind, Question};
use crate::rng::{SplitMix64, hash_str};

/// A permutation of the option indices (choice kinds) or item indices
/// (Ordering) to display, or an empty list for kinds with nothing to arrange.
///
/// The seed is mixed with the question id, so one page-level seed gives every
/// question its own arrangement. An Ordering question is never shown already
/// in the correct order: that would hand the learner the answer.
pub fn display_order(question: &Question, seed: u64) -> Vec<usize> {
    let n = match &question.kind {
        Kind::Ordering { items } => items.len(),
        kind => kind.options().map_or(0, <[_]>::len),
    };
    let mut rng = SplitMix64::new(seed ^ hash_str(&question.id));
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    if matches!(question.kind, Kind::Ordering { .. })
        && n >= 2
        && order.iter().enumerate().all(|(i, &x)| i == x)
    {
        order.rotate_left(1 + rng.below(n - 1));
    }
    order
}
