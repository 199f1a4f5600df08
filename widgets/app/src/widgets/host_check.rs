//! A widget that exercises the host itself: the browser tests place it on a
//! page to prove that a panicking widget shows an error box and leaves the
//! other widgets on the page working.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HostCheckProps {
    pub panic: bool,
}

#[function_component(HostCheck)]
pub fn host_check(props: &HostCheckProps) -> Html {
    let presses = use_state(|| 0u32);
    let onclick = {
        let presses = presses.clone();
        let panic = props.panic;
        Callback::from(move |_| {
            if panic {
                panic!("host-check was asked to panic when pressed");
            }
            presses.set(*presses + 1);
        })
    };
    html! {
        <div class="dsw-frame dsw-host-check">
            <button class="dsw-btn" {onclick}>{ "Press" }</button>
            <span class="dsw-host-check-count">{ format!("pressed {} times", *presses) }</span>
        </div>
    }
}
