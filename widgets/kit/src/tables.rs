//! Per-node state in words and numbers, for protocols whose state does not
//! fit in a circle: a table of each node's fields, and replicated logs drawn
//! as rows of entries coloured by term.

use yew::prelude::*;

/// One node's row: its name, whether it is up, and (label, value) cells in
/// the same order for every node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRow {
    pub name: AttrValue,
    pub up: bool,
    pub cells: Vec<(AttrValue, AttrValue)>,
}

#[derive(Properties, PartialEq)]
pub struct NodeTableProps {
    pub rows: Vec<NodeRow>,
}

/// The state of every node side by side; a crashed node's row is marked,
/// and its volatile cells read "—".
#[function_component(NodeTable)]
pub fn node_table(props: &NodeTableProps) -> Html {
    let Some(first) = props.rows.first() else {
        return Html::default();
    };
    html! {
        <div class="dsw-table-wrap">
            <table class="dsw-node-table">
                <thead>
                    <tr>
                        <th scope="col">{ "node" }</th>
                        { for first.cells.iter().map(|(label, _)| html! { <th scope="col">{ label.clone() }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for props.rows.iter().map(|row| html! {
                        <tr class={classes!((!row.up).then_some("dsw-down"))} data-node={row.name.clone()}>
                            <th scope="row">{ row.name.clone() }{ if row.up { "" } else { " (down)" } }</th>
                            { for row.cells.iter().map(|(_, value)| html! { <td>{ value.clone() }</td> }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// One node's log: entries as (term, short text), and how many of them the
/// node knows to be committed.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    pub name: AttrValue,
    pub up: bool,
    pub leader: bool,
    pub entries: Vec<(u64, AttrValue)>,
    pub committed: usize,
}

#[derive(Properties, PartialEq)]
pub struct LogGridProps {
    pub rows: Vec<LogRow>,
}

/// Replicated logs aligned by index, so a reader sees at a glance where two
/// logs agree and where they diverge. Committed entries are solid, the rest
/// dashed; the colour of an entry is its term.
#[function_component(LogGrid)]
pub fn log_grid(props: &LogGridProps) -> Html {
    let longest = props
        .rows
        .iter()
        .map(|r| r.entries.len())
        .max()
        .unwrap_or(0);
    html! {
        <div class="dsw-table-wrap">
            <table class="dsw-log-grid" aria-label="Each node's log, by index">
                <thead>
                    <tr>
                        <th scope="col">{ "index" }</th>
                        { for (1..=longest).map(|i| html! { <th scope="col">{ i }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for props.rows.iter().map(|row| html! {
                        <tr class={classes!((!row.up).then_some("dsw-down"), row.leader.then_some("dsw-leader-row"))}
                            data-node={row.name.clone()}>
                            <th scope="row">{ row.name.clone() }{ if row.leader { " ★" } else { "" } }</th>
                            { for (0..longest).map(|i| match row.entries.get(i) {
                                Some((term, text)) => html! {
                                    <td class={classes!("dsw-entry", format!("dsw-term-{}", term % 6), (i >= row.committed).then_some("dsw-uncommitted"))}
                                        title={format!("index {}, term {term}: {text}{}", i + 1, if i < row.committed { " (committed)" } else { " (not known committed)" })}>
                                        <span class="dsw-entry-term">{ term }</span>
                                        <span class="dsw-entry-text">{ text.clone() }</span>
                                    </td>
                                },
                                None => html! { <td class="dsw-entry-empty"></td> },
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
