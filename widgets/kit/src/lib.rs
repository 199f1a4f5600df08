//! Components shared by every widget. They draw and collect input; they make
//! no protocol decisions (those live in the model crates, driven through
//! `dsw_sim::World`).
//!
//! Colours are never written here: every element carries a `dsw-` class whose
//! colours come from mdBook's theme variables in `widgets.css`, so a widget
//! follows the reader's theme, including a theme switch while it is on screen.

mod controls;
mod error_box;
mod event_log;
mod frame;
mod frame_sim;
mod links;
mod motion;
mod panels;
mod scene;
mod sim;
mod tables;
mod views;

pub use controls::{Controls, SPEEDS, Transport, edit_step, step_speed, transport_key, undo_key};
pub use error_box::ErrorBox;
pub use event_log::EventLog;
pub use frame::Frame;
pub use frame_sim::{
    SearchFrom, Setup, Shortcut, SimFrame, SimSpec, parse_show_hash, select_message, show_href,
    toggle_node, use_sim,
};
pub use links::{linked_code, use_show_me};
pub use motion::{prefers_reduced_motion, use_autoplay};
pub use panels::{
    ExplorerPanel, FaultBar, InvariantPanel, PartitionPicker, SearchStart, ShareLink, fault_actions,
};
pub use scene::{Arrow, Fate, Lane, Mark, MarkKind, Scene, scene};
pub use sim::{SimMsg, SimState};
pub use tables::{LogGrid, LogRow, NodeRow, NodeTable};
pub use views::{ClusterView, SpaceTime};
