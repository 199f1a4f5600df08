use gloo_timers::callback::Interval;
use yew::prelude::*;

/// Whether the reader asked the system for less motion; widgets then jump
/// between states instead of animating, and autoplay starts slower.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Calls `on_tick` every `period_ms` while `playing`. The timer lives only in
/// an effect, so the widget's state stays a plain reducer that tests can drive.
#[hook]
pub fn use_autoplay(playing: bool, period_ms: u32, on_tick: Callback<()>) {
    use_effect_with((playing, period_ms), move |&(playing, period_ms)| {
        let interval = playing.then(|| Interval::new(period_ms, move || on_tick.emit(())));
        move || drop(interval)
    });
}
