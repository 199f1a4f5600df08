//! Which actions can be taken now, in a fixed order, and which one happens
//! next when nobody interferes.

use super::{StepReport, World};
use crate::action::{Action, ActionError, ActionMenu, Limits, PartitionMenu};
use crate::ids::{NodeId, Time};
use crate::protocol::Protocol;
use crate::state::{FaultCounts, groups_of};

fn under(limit: Option<u32>, used: u32) -> bool {
    limit.is_none_or(|l| used < l)
}

/// Label vectors for the partitions a menu offers, in a fixed order.
fn partition_labels(menu: PartitionMenu, n: usize) -> Vec<Vec<u8>> {
    let isolate = || -> Vec<Vec<u8>> {
        let mut seen = Vec::new();
        (0..n)
            .map(|i| (0..n).map(|j| u8::from(j == i)).collect::<Vec<u8>>())
            .map(|mut l| {
                // Canonical form numbers groups by first appearance.
                if l[0] == 1 {
                    l.iter_mut().for_each(|x| *x ^= 1);
                }
                l
            })
            // With two nodes, isolating either one is the same cut.
            .filter(|l| {
                let fresh = !seen.contains(l);
                if fresh {
                    seen.push(l.clone());
                }
                fresh
            })
            .collect()
    };
    let split = || -> Vec<Vec<u8>> {
        (1..(1u32 << (n - 1)))
            .map(|mask| {
                (0..n)
                    .map(|j| u8::from(j > 0 && mask & (1 << (j - 1)) != 0))
                    .collect()
            })
            .collect()
    };
    if n < 2 {
        return Vec::new();
    }
    match menu {
        PartitionMenu::None => Vec::new(),
        PartitionMenu::Isolate => isolate(),
        PartitionMenu::Split if n <= 12 => split(),
        PartitionMenu::Split => isolate(),
        PartitionMenu::All if n <= 7 => {
            // Restricted growth strings enumerate each set partition once.
            let mut out = Vec::new();
            let mut a = vec![0u8; n];
            loop {
                if a.iter().any(|&x| x != 0) {
                    out.push(a.clone());
                }
                let mut i = n - 1;
                loop {
                    if i == 0 {
                        return out;
                    }
                    let max_before = a[..i].iter().copied().max().unwrap_or(0);
                    if a[i] <= max_before {
                        a[i] += 1;
                        a[i + 1..].iter_mut().for_each(|x| *x = 0);
                        break;
                    }
                    i -= 1;
                }
            }
        }
        PartitionMenu::All if n <= 12 => split(),
        PartitionMenu::All => isolate(),
    }
}

impl<P: Protocol> World<P> {
    /// The actions the configured menu offers now, in a fixed order:
    /// deliveries (by message id), timers, requests, then faults.
    pub fn enabled_actions(&self) -> Vec<Action<P>> {
        self.actions_with(&self.shared.config.menu)
    }

    /// The actions a given menu offers now (the explorer passes its own).
    pub fn actions_with(&self, menu: &ActionMenu) -> Vec<Action<P>> {
        let st = &self.state;
        let now = st.now;
        let Limits {
            drops,
            duplicates,
            delays,
            crashes,
            partitions,
            pauses,
            skews,
        } = menu.limits;
        let FaultCounts {
            drops: used_drops,
            duplicates: used_dups,
            delays: used_delays,
            crashes: used_crashes,
            partitions: used_parts,
            pauses: used_pauses,
            skews: used_skews,
        } = st.faults;
        let mut out = Vec::new();
        if menu.deliver {
            for e in &st.in_flight {
                if !(st.is_up(e.to) && st.paused_at(e.to, now.max(e.due))) {
                    out.push(Action::Deliver(e.id));
                }
            }
        }
        if menu.fire_timers {
            for ((node, timer), slot) in &st.timers {
                if st.is_up(*node) && !st.paused_at(*node, now.max(slot.due)) {
                    out.push(Action::FireTimer(*node, timer.clone()));
                }
            }
        }
        if menu.requests {
            for n in self.node_ids() {
                if st.is_up(n) && !st.paused_at(n, now) {
                    for r in self.requests(n) {
                        out.push(Action::Request(n, r.clone()));
                    }
                }
            }
        }
        if menu.drop && under(drops, used_drops) {
            out.extend(st.in_flight.iter().map(|e| Action::Drop(e.id)));
        }
        if menu.duplicate && under(duplicates, used_dups) {
            out.extend(st.in_flight.iter().map(|e| Action::Duplicate(e.id)));
        }
        if !menu.delays.is_empty() && under(delays, used_delays) {
            for e in &st.in_flight {
                for &d in menu.delays.iter().filter(|&&d| d > 0) {
                    out.push(Action::Delay(e.id, d));
                }
            }
        }
        if menu.crash && under(crashes, used_crashes) {
            out.extend(self.node_ids().filter(|&n| st.is_up(n)).map(Action::Crash));
        }
        if menu.restart {
            out.extend(
                self.node_ids()
                    .filter(|&n| !st.is_up(n))
                    .map(Action::Restart),
            );
        }
        if under(pauses, used_pauses) {
            for n in self
                .node_ids()
                .filter(|&n| st.is_up(n) && !st.paused_at(n, now))
            {
                for &d in menu.pauses.iter().filter(|&&d| d > 0) {
                    out.push(Action::Pause(n, d));
                }
            }
        }
        if menu.resume {
            out.extend(
                self.node_ids()
                    .filter(|&n| st.paused_at(n, now))
                    .map(Action::Resume),
            );
        }
        if under(skews, used_skews) {
            for n in self.node_ids() {
                let current = st.nodes[n.index()].skew;
                for &o in menu.skews.iter().filter(|&&o| o != current) {
                    out.push(Action::Skew(n, o));
                }
            }
        }
        if under(partitions, used_parts) {
            for labels in partition_labels(menu.partitions, self.node_count()) {
                if st.partition.as_ref() != Some(&labels) {
                    out.push(Action::Partition(groups_of(&labels)));
                }
            }
        }
        if menu.heal && st.partition.is_some() {
            out.push(Action::Heal);
        }
        out.extend(
            menu.ticks
                .iter()
                .filter(|&&t| t > 0)
                .map(|&t| Action::Tick(t)),
        );
        out
    }

    /// The event that happens next if nobody interferes: the earliest due
    /// message, timer or end of a pause. At equal times a pause ends first,
    /// then messages arrive (oldest first), then timers fire, so a reply due
    /// exactly at a timeout beats the timeout.
    pub fn next_event(&self) -> Option<(Time, Action<P>)> {
        let st = &self.state;
        let now = st.now;
        // Candidates are compared by key and only the winner becomes an
        // action, so no timer is cloned for the losers.
        enum Next<'a, T> {
            Resume(NodeId),
            Deliver(crate::ids::MsgId),
            Fire(NodeId, &'a T),
        }
        type Key = (Time, u8, u64);
        let mut best: Option<(Key, Next<'_, P::Timer>)> = None;
        let mut offer = |key: Key, next| {
            if best.as_ref().is_none_or(|(k, _)| key < *k) {
                best = Some((key, next));
            }
        };
        for n in self.node_ids() {
            if st.is_up(n) && st.paused_at(n, now) {
                let until = st.nodes[n.index()].paused_until;
                offer((until, 0, u64::from(n.0)), Next::Resume(n));
            }
        }
        for e in &st.in_flight {
            let at = now.max(e.due);
            if !(st.is_up(e.to) && st.paused_at(e.to, at)) {
                offer((at, 1, e.id.0), Next::Deliver(e.id));
            }
        }
        for (i, ((node, timer), slot)) in st.timers.iter().enumerate() {
            let at = now.max(slot.due);
            if st.is_up(*node) && !st.paused_at(*node, at) {
                offer((at, 2, i as u64), Next::Fire(*node, timer));
            }
        }
        best.map(|((t, _, _), next)| {
            let action = match next {
                Next::Resume(n) => Action::Resume(n),
                Next::Deliver(id) => Action::Deliver(id),
                Next::Fire(n, timer) => Action::FireTimer(n, timer.clone()),
            };
            (t, action)
        })
    }

    /// Takes the next natural event, if there is one.
    pub fn step_natural(&mut self) -> Option<Result<StepReport<P>, ActionError>> {
        let (_, action) = self.next_event()?;
        Some(self.apply(action))
    }

    /// Lets `ticks` of time pass: every event due by then happens in order,
    /// then the clock moves to the end of the interval.
    pub fn advance(&mut self, ticks: Time) -> Result<Vec<StepReport<P>>, ActionError> {
        let target = self.state.now.saturating_add(ticks);
        let mut reports = Vec::new();
        while let Some((at, action)) = self.next_event() {
            if at > target {
                break;
            }
            reports.push(self.apply(action)?);
        }
        if self.state.now < target {
            reports.push(self.apply(Action::Tick(target - self.state.now))?);
        }
        Ok(reports)
    }

    /// Takes natural events until none is left or `max_steps` were taken.
    pub fn run_until_quiet(&mut self, max_steps: u64) -> Result<Vec<StepReport<P>>, ActionError> {
        let mut reports = Vec::new();
        for _ in 0..max_steps {
            match self.step_natural() {
                Some(r) => reports.push(r?),
                None => break,
            }
        }
        Ok(reports)
    }

    /// Whether `node` has a pending timer named `timer`.
    pub fn has_timer(&self, node: NodeId, timer: &P::Timer) -> bool {
        self.state.timers.contains_key(&(node, timer.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_menus_have_the_expected_sizes() {
        // Bell numbers minus the single-group "partition".
        assert_eq!(partition_labels(PartitionMenu::All, 3).len(), 4);
        assert_eq!(partition_labels(PartitionMenu::All, 4).len(), 14);
        assert_eq!(partition_labels(PartitionMenu::All, 5).len(), 51);
        assert_eq!(partition_labels(PartitionMenu::Split, 4).len(), 7);
        assert_eq!(partition_labels(PartitionMenu::Isolate, 4).len(), 4);
        assert_eq!(partition_labels(PartitionMenu::Isolate, 2).len(), 1);
        for labels in partition_labels(PartitionMenu::All, 5) {
            assert_eq!(labels[0], 0, "canonical labels start at 0: {labels:?}");
        }
        for labels in partition_labels(PartitionMenu::Isolate, 3) {
            assert_eq!(labels[0], 0, "{labels:?}");
        }
    }
}
