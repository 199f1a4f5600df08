use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FrameProps {
    pub title: AttrValue,
    pub onkeydown: Callback<KeyboardEvent>,
    pub children: Children,
}

/// The box around a widget. It is focusable, so keyboard shortcuts work once
/// the reader clicks into the widget or tabs to it, and never steal keys from
/// the rest of the page.
#[function_component(Frame)]
pub fn frame(props: &FrameProps) -> Html {
    html! {
        <section class="dsw-frame" tabindex="0" aria-label={props.title.clone()} onkeydown={props.onkeydown.clone()}>
            <header class="dsw-title">{ props.title.clone() }</header>
            { props.children.clone() }
        </section>
    }
}
