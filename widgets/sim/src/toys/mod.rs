//! Small protocols that exercise the engine: a correct one with a pinned
//! state count, a deliberately broken one the explorer must catch, and a
//! many-node one for chaos tests and benchmarks.

pub mod gossip;
pub mod lock;
pub mod pingpong;

pub use gossip::Gossip;
pub use lock::Lock;
pub use pingpong::PingPong;
