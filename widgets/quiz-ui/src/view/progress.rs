//! The progress page: one row per chapter, and moving progress between
//! browsers as a file.

use dsw_quiz::{ChapterSummary, Day};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{NoticeBanner, PageProps, StoreRef, use_store};
use crate::store::import_summary;
use crate::text::{capitalize, chapter_href, chapter_name, export_file_name, progress_table};
use crate::web;

#[function_component(ProgressPage)]
pub fn progress_page(props: &PageProps) -> Html {
    let store = use_store();
    let today = *use_memo((), |()| web::today());
    let root = use_memo((), |()| web::path_to_root());
    let redraw = use_force_update();
    let on_change = Callback::from(move |()| redraw.force_update());

    let table = progress_table(&props.bank, store.get().progress(), today);
    let row = |summary: &ChapterSummary, link: bool| {
        let name = summary
            .title
            .clone()
            .unwrap_or_else(|| chapter_name(&props.bank, &summary.chapter));
        let href = chapter_href(root.as_deref(), &summary.chapter);
        html! {
            <>
                <th scope="row">
                    if link {
                        <a href={href}>{ name }</a>
                    } else {
                        { name }
                    }
                </th>
                <td class="dsw-progress-total">{ summary.total }</td>
                <td class="dsw-progress-seen">{ summary.seen }</td>
                <td class="dsw-progress-correct">{ summary.correct }</td>
                <td class="dsw-progress-due">{ summary.due }</td>
            </>
        }
    };

    html! {
        <section class="dsw-quiz-root dsw-progress-page" aria-label="Your quiz progress">
            <NoticeBanner banner={store.get().banner()} />
            <div class="dsw-table-wrap">
                <table class="dsw-progress-table">
                    <caption>{ "Your answers, by chapter" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Chapter" }</th>
                            <th scope="col">{ "Questions" }</th>
                            <th scope="col">{ "Answered" }</th>
                            <th scope="col">{ "Right last time" }</th>
                            <th scope="col">{ "Due for review" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for table.rows.iter().map(|s| html! {
                            <tr key={s.chapter.clone()} data-chapter={s.chapter.clone()}>{ row(s, true) }</tr>
                        }) }
                    </tbody>
                    <tfoot>
                        <tr class="dsw-progress-sum">{ row(&table.total, false) }</tr>
                    </tfoot>
                </table>
            </div>
            <p class="dsw-progress-help">
                { "“Due for review” counts answered questions whose next review day has come. A right answer \
                   moves a question to a longer wait (1, 2, 4, 8, then 16 days); a wrong one brings it back tomorrow." }
            </p>
            <Transfer store={store.clone()} {today} {on_change} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TransferProps {
    store: StoreRef,
    today: Day,
    /// Called after the stored progress changed, so the table redraws.
    on_change: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Said {
    Exported(String),
    ExportFailed(String),
    Imported(String),
    ImportFailed(String),
    Reset,
}

/// Export, import and reset. Export and import are files the learner
/// handles; nothing is uploaded anywhere.
#[function_component(Transfer)]
fn transfer(props: &TransferProps) -> Html {
    let said = use_state(|| None::<Said>);
    let confirming = use_state(|| false);

    let on_export = {
        let (store, said, today) = (props.store.clone(), said.clone(), props.today);
        Callback::from(move |_: MouseEvent| {
            let text = store.get_mut().export();
            let name = export_file_name(today);
            said.set(Some(match web::download(&name, &text) {
                Ok(()) => Said::Exported(format!(
                    "Saved {} answered questions as {name}.",
                    store.get().progress().questions.len()
                )),
                Err(e) => Said::ExportFailed(format!("The file could not be saved: {e}.")),
            }));
        })
    };
    let on_import = {
        let (store, said, on_change) = (props.store.clone(), said.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // Cleared so choosing the same file again (after fixing it)
            // fires another change.
            input.set_value("");
            let (store, said, on_change) = (store.clone(), said.clone(), on_change.clone());
            web::read_text(&file, move |read| {
                let outcome = match read {
                    Err(e) => Said::ImportFailed(format!("The file could not be read: {e}.")),
                    Ok(text) => match store.get_mut().import(&text) {
                        Ok(report) => Said::Imported(import_summary(&report)),
                        Err(e) => Said::ImportFailed(format!(
                            "{}. Nothing was changed.",
                            capitalize(&e.to_string())
                        )),
                    },
                };
                said.set(Some(outcome));
                on_change.emit(());
            });
        })
    };
    let on_reset = {
        let (confirming, said) = (confirming.clone(), said.clone());
        Callback::from(move |_: MouseEvent| {
            said.set(None);
            confirming.set(true);
        })
    };
    let on_cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let on_confirm = {
        let (store, said, confirming, on_change) = (
            props.store.clone(),
            said.clone(),
            confirming.clone(),
            props.on_change.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            store.get_mut().reset();
            confirming.set(false);
            said.set(Some(Said::Reset));
            on_change.emit(());
        })
    };

    let message = match &*said {
        None => Html::default(),
        Some(Said::Exported(text)) => html! { <p class="dsw-export-result">{ text }</p> },
        Some(Said::ExportFailed(text)) => html! { <p class="dsw-export-error">{ text }</p> },
        Some(Said::Imported(text)) => html! { <p class="dsw-import-result">{ text }</p> },
        Some(Said::ImportFailed(text)) => html! { <p class="dsw-import-error">{ text }</p> },
        Some(Said::Reset) => {
            html! { <p class="dsw-reset-result">{ "Every answer was forgotten." }</p> }
        }
    };

    html! {
        <div class="dsw-transfer" role="group" aria-label="Move or reset your progress">
            <p class="dsw-transfer-help">
                { "Progress lives in this browser only. Export it to a file to keep it or to move it to \
                   another browser; importing merges a file into what is here, keeping the newer answer \
                   for each question." }
            </p>
            <div class="dsw-transfer-actions">
                <button type="button" class="dsw-btn dsw-export" onclick={on_export}>{ "Export progress" }</button>
                <label class="dsw-import-label">
                    <span>{ "Import a progress file: " }</span>
                    <input type="file" class="dsw-import" accept=".json,application/json" onchange={on_import} />
                </label>
                <button type="button" class="dsw-btn dsw-reset" onclick={on_reset}
                    aria-expanded={confirming.to_string()}>{ "Forget all progress…" }</button>
            </div>
            if *confirming {
                <div class="dsw-reset-confirm-box" role="alertdialog" aria-label="Forget all progress?">
                    <p>{ "This forgets every answer saved in this browser. Export first if you may want it back." }</p>
                    <button type="button" class="dsw-btn dsw-reset-confirm" onclick={on_confirm}>{ "Forget everything" }</button>
                    <button type="button" class="dsw-btn dsw-reset-cancel" onclick={on_cancel}>{ "Keep it" }</button>
                </div>
            }
            <div class="dsw-transfer-status" role="status">{ message }</div>
        </div>
    }
}
