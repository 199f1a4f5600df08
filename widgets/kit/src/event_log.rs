use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// Everything that happened, oldest first; the newest is shown first.
    pub entries: Vec<AttrValue>,
    #[prop_or(8)]
    pub shown: usize,
}

/// The plain-language event log. It is an `aria-live` region, so a screen
/// reader announces each new event: the state must be understandable without
/// the animation.
#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let total = props.entries.len();
    html! {
        <ol class="dsw-log" aria-live="polite" aria-label="Event log" reversed=true start={total.to_string()}>
            if total == 0 {
                <li class="dsw-log-empty">{ "Nothing has happened yet. Press step (→) or play (space)." }</li>
            }
            { for props.entries.iter().rev().take(props.shown).map(|e| html! { <li>{ e.clone() }</li> }) }
        </ol>
    }
}
