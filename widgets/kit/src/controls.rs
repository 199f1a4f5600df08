use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the transport controls ask a widget to do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Transport {
    TogglePlay,
    Forward,
    Back,
    Seek(usize),
    Start,
    End,
    Speed(f64),
    Faster,
    Slower,
}

/// The speeds offered, as multiples of the widget's normal pace.
pub const SPEEDS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];

/// The shared keyboard shortcuts. Widgets add their own (such as digits to
/// crash a node) and list them in the help popover through `Controls::keys`.
pub fn transport_key(event: &KeyboardEvent) -> Option<Transport> {
    if event.ctrl_key() || event.meta_key() || event.alt_key() {
        return None;
    }
    Some(match event.key().as_str() {
        " " | "k" => Transport::TogglePlay,
        "ArrowRight" | "l" => Transport::Forward,
        "ArrowLeft" | "j" => Transport::Back,
        "Home" => Transport::Start,
        "End" => Transport::End,
        "+" | "=" => Transport::Faster,
        "-" => Transport::Slower,
        _ => return None,
    })
}

/// Undo and redo for the editors (Ctrl or Cmd with Z, Shift+Z or Y), as the
/// transport moves they are: a step back or forward through the edits.
pub fn undo_key(event: &KeyboardEvent) -> Option<Transport> {
    if !(event.ctrl_key() || event.meta_key()) {
        return None;
    }
    match event.key().as_str() {
        "z" | "Z" if event.shift_key() => Some(Transport::Forward),
        "z" | "Z" => Some(Transport::Back),
        "y" => Some(Transport::Forward),
        _ => None,
    }
}

/// Where a transport move takes an editor whose history has `end` edits,
/// `now` of them applied; `None` for moves that are not about position.
/// The editor clamps the step to its history.
pub fn edit_step(t: Transport, now: usize, end: usize) -> Option<usize> {
    match t {
        Transport::Forward => Some(now + 1),
        Transport::Back => Some(now.saturating_sub(1)),
        Transport::Seek(step) => Some(step),
        Transport::Start => Some(0),
        Transport::End => Some(end),
        Transport::TogglePlay | Transport::Speed(_) | Transport::Faster | Transport::Slower => None,
    }
}

const SHARED_KEYS: [(&str, &str); 6] = [
    ("Space or K", "play / pause"),
    ("→ or L", "step forward"),
    ("← or J", "step back"),
    ("Home / End", "first / last step"),
    ("+ / −", "faster / slower"),
    ("?", "show or hide this help"),
];

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub cursor: usize,
    pub len: usize,
    pub playing: bool,
    pub speed: f64,
    pub on: Callback<Transport>,
    /// Whether the help popover is open (the widget owns it so `?` works
    /// anywhere in the frame).
    pub help_open: bool,
    pub on_help: Callback<()>,
    /// The widget's own shortcuts for the help popover: (keys, what they do).
    #[prop_or_default]
    pub keys: Vec<(AttrValue, AttrValue)>,
}

/// Play, pause, step, step back, a scrubber over the whole history and a
/// speed choice, with a help popover listing every shortcut.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let emit = |t: Transport| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(t))
    };
    let on_scrub = {
        let on = props.on.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(step) = input.value().parse::<usize>() {
                on.emit(Transport::Seek(step));
            }
        })
    };
    let on_speed = {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(speed) = select.value().parse::<f64>() {
                on.emit(Transport::Speed(speed));
            }
        })
    };
    let on_help = {
        let on_help = props.on_help.clone();
        Callback::from(move |_: MouseEvent| on_help.emit(()))
    };
    let at_start = props.cursor == 0;
    html! {
        <div class="dsw-controls" role="group" aria-label="Playback">
            <button class="dsw-btn" title="First step (Home)" aria-label="First step" disabled={at_start} onclick={emit(Transport::Start)}>{ "|◀" }</button>
            <button class="dsw-btn" title="Step back (←)" aria-label="Step back" disabled={at_start} onclick={emit(Transport::Back)}>{ "◀" }</button>
            <button class="dsw-btn dsw-play" title="Play or pause (space)" aria-label={if props.playing { "Pause" } else { "Play" }} onclick={emit(Transport::TogglePlay)}>
                { if props.playing { "⏸" } else { "▶" } }
            </button>
            <button class="dsw-btn" title="Step forward (→)" aria-label="Step forward" onclick={emit(Transport::Forward)}>{ "▶|" }</button>
            <input class="dsw-scrub" type="range" min="0" max={props.len.to_string()} value={props.cursor.to_string()}
                aria-label="Scrub through the history" oninput={on_scrub} />
            <span class="dsw-step" aria-live="off">{ format!("step {} / {}", props.cursor, props.len) }</span>
            <label class="dsw-speed">
                <span class="dsw-visually-hidden">{ "Speed" }</span>
                <select onchange={on_speed} aria-label="Speed">
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={s.to_string()} selected={(*s - props.speed).abs() < 1e-9}>{ format!("{s}×") }</option>
                    }) }
                </select>
            </label>
            <button class="dsw-btn dsw-help-btn" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts"
                aria-expanded={props.help_open.to_string()} onclick={on_help}>{ "?" }</button>
            if props.help_open {
                <div class="dsw-help" role="dialog" aria-label="Keyboard shortcuts">
                    <p>{ "Click inside the widget (or tab to it), then:" }</p>
                    <dl>
                        { for SHARED_KEYS.iter().map(|(k, what)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></> }) }
                        { for props.keys.iter().map(|(k, what)| html! { <><dt><kbd>{ k.clone() }</kbd></dt><dd>{ what.clone() }</dd></> }) }
                    </dl>
                </div>
            }
        </div>
    }
}

/// The next speed up or down the ladder.
pub fn step_speed(current: f64, faster: bool) -> f64 {
    let index = SPEEDS
        .iter()
        .position(|s| (*s - current).abs() < 1e-9)
        .unwrap_or(2);
    let next = if faster {
        (index + 1).min(SPEEDS.len() - 1)
    } else {
        index.saturating_sub(1)
    };
    SPEEDS[next]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_ladder_stops_at_both_ends() {
        assert_eq!(step_speed(1.0, true), 2.0);
        assert_eq!(step_speed(4.0, true), 4.0);
        assert_eq!(step_speed(0.25, false), 0.25);
        assert_eq!(
            step_speed(3.3, false),
            0.5,
            "an unknown speed counts as normal"
        );
    }

    #[test]
    fn edit_steps_stay_on_the_history_and_ignore_speed() {
        assert_eq!(edit_step(Transport::Back, 0, 3), Some(0));
        assert_eq!(edit_step(Transport::Forward, 2, 3), Some(3));
        assert_eq!(edit_step(Transport::End, 1, 3), Some(3));
        assert_eq!(edit_step(Transport::Start, 2, 3), Some(0));
        assert_eq!(edit_step(Transport::Seek(2), 0, 3), Some(2));
        assert_eq!(edit_step(Transport::Faster, 1, 3), None);
        assert_eq!(edit_step(Transport::TogglePlay, 1, 3), None);
    }
}
