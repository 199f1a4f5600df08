use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    pub message: AttrValue,
    /// Where the widget was placed (`src/chapter.md:12`), for the author.
    #[prop_or_default]
    pub origin: Option<AttrValue>,
}

/// What a reader sees instead of a widget that could not start: what went
/// wrong in words, never a blank box.
#[function_component(ErrorBox)]
pub fn error_box(props: &ErrorBoxProps) -> Html {
    html! {
        <div class="dsw-error" role="alert">
            <strong>{ "This widget could not start." }</strong>
            <p>{ props.message.clone() }</p>
            if let Some(origin) = &props.origin {
                <p class="dsw-error-origin">{ format!("(placed at {origin})") }</p>
            }
            <p>{ "The rest of the page still works." }</p>
        </div>
    }
}
